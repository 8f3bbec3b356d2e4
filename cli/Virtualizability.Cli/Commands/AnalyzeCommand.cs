using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt analyze FILE`: classify every instruction, render the report, and gate on a baseline.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CommandIo io)
    {
        var shared = new AnalyzeOptions();
        var format = new Option<string?>("--format", "-f") { Description = "table, markdown, json, sarif or html (any case); default: from -o's extension (.md, .json, .sarif, .html), else table" };
        var path = new Option<string?>("--output", "-o") { Description = "write the report to this file instead of the terminal (never an input; an existing file is replaced only by a complete report)" };
        var witnesses = new Option<bool>("--witnesses") { Description = "include every witness, not only those of critical instructions" };
        var baseline = new Option<string?>("--baseline") { Description = "gate: exit 1 if the analysis got worse than this baseline, 3 if an answer turned unknown (virt baseline writes one)" };
        var only = new Option<string?>("--only") { Description = "analyse only these instructions (NAME[,NAME...]); the theorems then speak of them alone" };
        var table = new TableOptions();
        var command = new Command("analyze", "Classify every instruction (Popek–Goldberg) and give the theorems' verdicts");
        shared.AddTo(command);
        foreach (var option in new Option[] { format, path, witnesses, baseline, only })
        {
            command.Options.Add(option);
        }

        table.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new AnalyzeRequest(parse, shared, parse.GetValue(format), parse.GetValue(path), parse.GetValue(witnesses), parse.GetValue(baseline), parse.GetValue(only), table);
            return Run(request, io);
        });
        return command;
    }

    private static int Run(AnalyzeRequest request, CommandIo io)
    {
        var chosen = ReportFormat.Resolve(request.Format, request.Output, ReportFormat.Analysis, out var formatProblem);
        var style = request.Table.Read(request.Parse, out var styleProblem);
        if ((formatProblem ?? styleProblem) is { } usage)
        {
            return io.Fail(ExitCodes.BadInput, usage);
        }

        if (request.Only is not null && request.Baseline is not null)
        {
            return io.Fail(ExitCodes.BadInput, "--only cannot be combined with --baseline: a gate compares the whole spec");
        }

        var old = request.Baseline is null ? null : LoadBaseline(request.Baseline, io);
        if (request.Baseline is not null && old is null)
        {
            return ExitCodes.BadInput;
        }

        if (AnalysisRun.Load(request.Parse.GetValue(request.Shared.File)!, io.Error) is not { } spec)
        {
            return ExitCodes.BadInput;
        }

        if (Prepare(request, spec, io) is not { } options)
        {
            return ExitCodes.BadInput;
        }

        var toTerminal = chosen == ReportFormat.Table && request.Output is null;
        if (!toTerminal && !style!.Quiet)
        {
            // A run that writes a file or a pipe is otherwise silent for minutes: say what it is doing.
            io.Error.WriteLine($"virt: analysing {spec.Name}: {options.Only?.Count ?? spec.Instructions.Length} instructions on {options.EffectiveJobs} worker(s)");
        }

        var (result, exit) = AnalysisRun.Classify(spec, options, io, showProgress: toTerminal && io.OutputIsTerminal && !style!.Quiet);
        if (result is null)
        {
            return exit;
        }

        BaselineComparison? comparison = null;
        if (old is not null && !Gate.TryCompare(old, result, io, out comparison))
        {
            return ExitCodes.BadInput;
        }

        // Ctrl-C that came as the last answers arrived: the run is over, but the user asked for nothing to be written.
        if (io.Cancellation.IsCancellationRequested)
        {
            return io.Fail(ExitCodes.Interrupted, "interrupted; nothing was written");
        }

        var metadata = AnalysisRun.Metadata(spec, options);
        if (toTerminal)
        {
            TableOutput.Write(result, request.Witnesses, style!, io);
        }
        else if (!ReportOutput.Write(Render(result, metadata, chosen!, request.Witnesses, comparison), request.Output, io.Output, io.Error))
        {
            return ExitCodes.BadInput;
        }

        // The table already shows failed and undecided claims; any other format leaves them to standard error.
        return comparison is null ? Gate.VerdictExitCode(result, io, printClaims: !toTerminal) : Gate.GateExitCode(comparison, result, request.Baseline!, io, printClaims: !toTerminal);
    }

    /// <summary>Everything that can be checked before the analysis: options, guest mode, --only names, output paths.</summary>
    private static ClassifierOptions? Prepare(AnalyzeRequest request, IsaSpec spec, CommandIo io)
    {
        var names = request.Only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (request.Shared.Read(request.Parse, io, names) is not { } options)
        {
            return null;
        }

        var inputs = SpecSources.Files(spec).Concat(request.Baseline is null ? [] : [request.Baseline]);
        var problem = OnlyProblem(names, spec)
            ?? request.Shared.CheckGuest(request.Parse, spec)
            ?? (request.Output is { } output ? OutputFile.Check(output, "-o", inputs) : null)
            ?? request.Shared.CheckSmt2(request.Parse);
        if (problem is not null)
        {
            io.Fail(ExitCodes.BadInput, problem);
            return null;
        }

        return options;
    }

    private static string? OnlyProblem(HashSet<string>? names, IsaSpec spec)
    {
        if (names is null)
        {
            return null;
        }

        var missing = names.Where(n => spec.FindInstruction(n) is null).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "--only needs instruction names, separated by commas"
            : missing.Count > 0 ? $"--only: {spec.Name} has no instruction {string.Join(", ", missing.Select(m => $"'{m}'"))} (`virt list` and `virt validate` show a spec's contents)"
            : null;
    }

    private static string Render(SpecClassification result, RunMetadata metadata, string format, bool witnesses, BaselineComparison? comparison) => format switch
    {
        ReportFormat.Markdown => MarkdownReport.Write(result, metadata, witnesses),
        ReportFormat.Json => JsonReport.Write(result, metadata, witnesses),
        ReportFormat.Sarif => SarifReport.Write(result, metadata, comparison),
        ReportFormat.Html => Reports.Html.HtmlReport.Write(result),
        _ => TableOutput.Plain(result, witnesses),
    };

    private static Baseline? LoadBaseline(string path, CommandIo io)
    {
        try
        {
            return Baseline.Load(path);
        }
        catch (BaselineException e)
        {
            io.Fail(ExitCodes.BadInput, e.Message);
            return null;
        }
    }

    private sealed record AnalyzeRequest(
        ParseResult Parse, AnalyzeOptions Shared, string? Format, string? Output, bool Witnesses, string? Baseline, string? Only, TableOptions Table);
}
