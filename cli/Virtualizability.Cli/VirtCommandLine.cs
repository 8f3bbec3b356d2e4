using System.CommandLine;
using Virtualizability.Cli.Commands;

namespace Virtualizability.Cli;

/// <summary>The `virt` command tree. Thin: every command hands its work to the analyzer and the reports.</summary>
public static class VirtCommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default, TextReader? input = null)
    {
        var root = new RootCommand("Virtualizability: Popek–Goldberg analysis of instruction-set descriptions");
        var io = new CommandIo(output, error, cancellation) { Input = input ?? Console.In };
        root.Subcommands.Add(ValidateCommand.Create(io));
        root.Subcommands.Add(AnalyzeCommand.Create(io));
        root.Subcommands.Add(BaselineCommand.Create(io));
        root.Subcommands.Add(ExplainCommand.Create(io));
        root.Subcommands.Add(ListCommand.Create(io));
        root.Subcommands.Add(ScanCommand.Create(output, error));
        root.Subcommands.Add(PatchCommand.Create(output, error));
        root.Subcommands.Add(CompareCommand.Create(io));
        root.Subcommands.Add(ProveCommand.Create(io));
        root.Subcommands.Add(CheckCommand.Create(output, error));
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
                foreach (var message in UsageErrors.Describe(parsed.Errors))
                {
                    error.WriteLine($"virt: {message}");
                }

                error.WriteLine("Run 'virt --help' for usage.");
                return ExitCodes.BadInput;
            }

            return parsed.Invoke(configuration);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("virt: interrupted; nothing was written");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // Only a defect of the tool gets here (user errors are checked where they arise): say so, briefly.
            error.WriteLine($"virt: internal error (a defect of virt, please report it): {e.GetType().Name}: {e.Message}");
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VIRT_DEBUG")))
            {
                // For the report a developer asks for: where it happened.
                error.WriteLine(e.ToString());
            }

            return ExitCodes.InternalError;
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

    /// <summary>Stopped by SIGINT (128 + 2, as shells report it).</summary>
    public const int Interrupted = 130;
}
