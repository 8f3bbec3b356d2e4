using System.CommandLine;
using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports;
using Virtualizability.Reports.Comparison;

namespace Virtualizability.Cli.Commands;

/// <summary>How the table is shown: --color auto|always|never and --quiet.</summary>
internal sealed record TableStyle(string Color, bool Quiet)
{
    /// <summary>
    /// always: escape codes even in a pipe; never: none at all; auto: on a terminal, unless NO_COLOR is set
    /// (an explicit --color always still wins over NO_COLOR, as no-color.org asks).
    /// </summary>
    public bool UsesColor(bool terminal) => Color switch
    {
        "always" => true,
        "never" => false,
        _ => terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
    };
}

/// <summary>The options of the table report.</summary>
internal sealed class TableOptions
{
    private static readonly string[] ColorChoices = ["auto", "always", "never"];

    public Option<string> Color { get; } = new("--color")
    {
        Description = "auto (on a terminal unless NO_COLOR is set), always or never: escape codes in the table",
        DefaultValueFactory = _ => "auto",
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "print only the theorems' verdict lines (errors and gate messages still go to standard error)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Color);
        command.Options.Add(Quiet);
    }

    public TableStyle? Read(ParseResult parse, out string? problem) =>
        ReadColor(parse, out problem) is { } color ? new TableStyle(color, parse.GetValue(Quiet)) : null;

    /// <summary>--color alone, for a command that takes no --quiet (`virt compare`).</summary>
    public string? ReadColor(ParseResult parse, out string? problem)
    {
        var color = parse.GetValue(Color)!.ToLowerInvariant();
        problem = ColorChoices.Contains(color) ? null : $"--color takes auto, always or never, not '{parse.GetValue(Color)}'";
        return problem is null ? color : null;
    }
}

/// <summary>Renders the table report to the terminal, a pipe or a file.</summary>
internal static class TableOutput
{
    // Wider than any line, so that off a terminal nothing is ever wrapped.
    private const int Unbounded = 1 << 20;

    public static void Write(SpecClassification result, bool witnesses, TableStyle style, CommandIo io)
    {
        var terminal = io.OutputIsTerminal;
        var console = Console(io.Output, style.UsesColor(terminal));
        if (!terminal)
        {
            console.Profile.Width = Unbounded;
        }

        TerminalReport.Write(result, console, new TerminalOptions(witnesses, style.Quiet, Lines: !terminal));
    }

    /// <summary>The table as plain text for a file: aligned lines, no escape codes.</summary>
    public static string Plain(SpecClassification result, bool witnesses)
    {
        var text = new StringWriter();
        var console = Console(text, color: false);
        console.Profile.Width = Unbounded;
        TerminalReport.Write(result, console, new TerminalOptions(witnesses, Lines: true));
        return text.ToString();
    }

    /// <summary>A comparison's per-ISA table: fitted to the terminal, or one line per ISA in a pipe.</summary>
    public static void Write(IsaComparison comparison, TableStyle style, CommandIo io)
    {
        var terminal = io.OutputIsTerminal;
        var console = Console(io.Output, style.UsesColor(terminal));
        if (!terminal)
        {
            console.Profile.Width = Unbounded;
        }

        ComparisonTable.Write(comparison, console);
    }

    /// <summary>A comparison's per-ISA table as plain text for a file.</summary>
    public static string Plain(IsaComparison comparison)
    {
        var text = new StringWriter();
        var console = Console(text, color: false);
        console.Profile.Width = Unbounded;
        ComparisonTable.Write(comparison, console);
        return text.ToString();
    }

    // Without color there are no escape codes at all: no bold, no dim either.
    private static IAnsiConsole Console(TextWriter target, bool color) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(target),
        Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
        ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
    });
}
