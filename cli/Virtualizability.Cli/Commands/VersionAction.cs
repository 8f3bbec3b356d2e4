using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt --version`: the tool's version and the Z3 library actually loaded.</summary>
internal sealed class VersionAction(TextWriter output, TextWriter error) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var version = typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+');
        output.WriteLine($"virt {(plus > 0 ? version[..plus] : version)}");
        _ = error; // Z3 version report pending the native bridge.
        return ExitCodes.Success;
    }
}
