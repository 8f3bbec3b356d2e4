using Virtualizability.Analyzer.Solving;
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
        if (!Z3Environment.TryCheck(out var problem))
        {
            error.WriteLine($"virt: Z3 is not usable: {problem}");
            return ExitCodes.BadInput;
        }

        output.WriteLine($"Z3 {Z3Environment.Z3Version}");
        return ExitCodes.Success;
    }
}
