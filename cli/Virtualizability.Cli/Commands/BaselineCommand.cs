using System.CommandLine;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt baseline FILE -o BASELINE.json`: record today's analysis for later `analyze --baseline` gates.</summary>
internal static class BaselineCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalyzeOptions();
        var path = new Option<string>("--output", "-o") { Description = "where to write the baseline (JSON)", Required = true };
        var command = new Command("baseline", "Write a baseline of the analysis for CI gates");
        shared.AddTo(command);
        command.Options.Add(path);
        command.SetAction(parse =>
        {
            var (options, usage) = shared.Read(parse);
            if (options is null)
            {
                error.WriteLine($"virt: {usage}");
                return ExitCodes.BadInput;
            }

            var (result, exit) = AnalysisRun.Run(parse.GetValue(shared.File)!, options, error, showProgress: false);
            if (result is null)
            {
                return exit;
            }

            var target = parse.GetValue(path)!;
            try
            {
                Baseline.From(result).Save(target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"virt: cannot write '{target}': {e.Message}");
                return ExitCodes.BadInput;
            }

            output.WriteLine($"wrote {target}: {result.Instructions.Count(i => i.IsCritical)} critical instruction(s) of {result.Isa}");
            return ExitCodes.Success;
        });
        return command;
    }
}
