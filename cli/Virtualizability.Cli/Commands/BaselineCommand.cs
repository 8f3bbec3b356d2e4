using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// `virt baseline FILE -o BASELINE.json`: record today's analysis for later `analyze --baseline` gates,
/// with the VMM configuration, the spec's content hash and the tool and Z3 versions. Unknown answers are
/// not recorded unless asked for: a baseline full of doubt would let every later gate pass.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create(CommandIo io)
    {
        var shared = new AnalyzeOptions();
        var path = new Option<string>("--output", "-o") { Description = "where to write the baseline (JSON); never an input", Required = true };
        var allowUnknown = new Option<bool>("--allow-unknown") { Description = "record the baseline even when some answers are unknown (they are listed in it)" };
        var command = new Command("baseline", "Write a baseline of the analysis for CI gates");
        shared.AddTo(command);
        command.Options.Add(path);
        command.Options.Add(allowUnknown);
        command.SetAction(parse => Run(parse, shared, parse.GetValue(path)!, parse.GetValue(allowUnknown), io));
        return command;
    }

    private static int Run(ParseResult parse, AnalyzeOptions shared, string target, bool allowUnknown, CommandIo io)
    {
        if (AnalysisRun.Load(parse.GetValue(shared.File)!, io.Error) is not { } spec)
        {
            return ExitCodes.BadInput;
        }

        if (shared.Read(parse, io) is not { } options)
        {
            return ExitCodes.BadInput;
        }

        if ((shared.CheckGuest(parse, spec) ?? OutputFile.Check(target, "-o", SpecSources.Files(spec)) ?? shared.CheckSmt2(parse)) is { } problem)
        {
            return io.Fail(ExitCodes.BadInput, problem);
        }

        var (result, exit) = AnalysisRun.Classify(spec, options, io, showProgress: false);
        if (result is null)
        {
            return exit;
        }

        var unknown = result.Instructions.Where(i => i.Class == InstructionClass.Unknown).ToList();
        if (unknown.Count > 0 && !allowUnknown)
        {
            foreach (var instruction in unknown)
            {
                io.Error.WriteLine($"unknown: {instruction.Name}: {ReportText.Reason(instruction)}");
            }

            return io.Fail(ExitCodes.Unknown, $"no baseline written: {unknown.Count} instruction(s) are unknown; raise --timeout/--rlimit, or record them as unknown with --allow-unknown");
        }

        var baseline = Baseline.From(result, AnalysisRun.Metadata(spec, options));
        if (!OutputFile.Write(target, baseline.ToJson(), io.Error))
        {
            return ExitCodes.BadInput;
        }

        var doubt = unknown.Count > 0 ? $", {unknown.Count} unknown" : "";
        io.Output.WriteLine($"wrote {target}: {baseline.Critical.Length} critical instruction(s) of {result.Isa}{doubt}");
        if (!result.FailedClaims.Any())
        {
            return ExitCodes.Success;
        }

        Gate.PrintClaims(result, io.Error);
        return io.Fail(ExitCodes.Findings, $"the baseline records the analysis as it is, but {result.FailedClaims.Count()} expect: claim(s) of {result.Isa} do not hold");
    }
}
