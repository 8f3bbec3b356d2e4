using System.CommandLine;
using Virtualizability.Cli.Commands;

namespace Virtualizability.Cli;

/// <summary>The `virt` command tree. Thin: every command hands its work to the analyzer and the reports.</summary>
public static class VirtCommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Virtualizability: Popek–Goldberg analysis of instruction-set descriptions");
        root.Subcommands.Add(ValidateCommand.Create(output, error));
        root.Subcommands.Add(AnalyzeCommand.Create(output, error));
        root.Subcommands.Add(BaselineCommand.Create(output, error));
        root.Subcommands.Add(ScanCommand.Create(output, error));
        root.Subcommands.Add(PatchCommand.Create(output, error));
        root.Subcommands.Add(CompareCommand.Create(output, error));
        root.Subcommands.Add(ProveCommand.Create(output, error));
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction(output, error);
        }

        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not VersionAction)
            {
                foreach (var problem in parsed.Errors)
                {
                    error.WriteLine($"virt: {problem.Message}");
                }

                error.WriteLine("Run 'virt --help' for usage.");
                return ExitCodes.BadInput;
            }

            return parsed.Invoke(configuration);
        }
        catch (Exception e)
        {
            // A user never sees a stack trace; an internal error still says what happened.
            error.WriteLine($"virt: internal error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}

/// <summary>Exit codes of `virt`, shared by every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Findings = 1;
    public const int BadInput = 2;
    public const int Unknown = 3;

    /// <summary>A defect of the tool itself (a witness that does not replay), never a result.</summary>
    public const int InternalError = 70;
}
