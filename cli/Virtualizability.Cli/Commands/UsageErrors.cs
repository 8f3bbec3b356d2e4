using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// System.CommandLine's parse errors in a user's words: no .NET type names, and one message for an
/// unknown command (not also "Required command was not provided").
/// </summary>
internal static partial class UsageErrors
{
    public static IEnumerable<string> Describe(IReadOnlyList<ParseError> errors)
    {
        var messages = errors.Select(e => Rewrite(e.Message)).Distinct().ToList();
        if (messages.Any(m => m.StartsWith("unknown command", StringComparison.Ordinal)))
        {
            messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
        }

        return messages;
    }

    private static string Rewrite(string message)
    {
        if (CannotParse().Match(message) is { Success: true } parse)
        {
            return $"{parse.Groups["option"].Value} takes {Expected(parse.Groups["type"].Value)}, not '{parse.Groups["value"].Value}'";
        }

        if (Unrecognized().Match(message) is { Success: true } unknown)
        {
            var token = unknown.Groups["token"].Value;
            return token.StartsWith('-') ? $"unknown option '{token}'" : $"unknown command or argument '{token}'";
        }

        return message;
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("UInt", StringComparison.Ordinal) => "a whole number (0 or more)",
        _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value of another form",
    };

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'")]
    private static partial Regex Unrecognized();
}
