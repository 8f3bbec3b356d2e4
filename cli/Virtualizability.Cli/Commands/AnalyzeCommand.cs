using System.CommandLine;
using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt analyze FILE`: classify every instruction, render the report, and gate on a baseline.</summary>
internal static class AnalyzeCommand
{
    private static readonly string[] Formats = ["table", "markdown", "json", "sarif", "html"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalyzeOptions();
        var format = new Option<string>("--format", "-f") { Description = "table, markdown, json, sarif or html", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var path = new Option<string?>("--output", "-o") { Description = "write the report to this file instead of the terminal" };
        var witnesses = new Option<bool>("--witnesses") { Description = "include every witness, not only those of critical instructions" };
        var baseline = new Option<string?>("--baseline") { Description = "exit 1 only if the analysis got worse than this baseline (virt baseline writes one)" };
        var command = new Command("analyze", "Classify every instruction (Popek–Goldberg) and give the theorems' verdicts");
        shared.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(path);
        command.Options.Add(witnesses);
        command.Options.Add(baseline);
        command.SetAction(parse =>
        {
            var (options, usage) = shared.Read(parse);
            if (options is null)
            {
                error.WriteLine($"virt: {usage}");
                return ExitCodes.BadInput;
            }

            var old = LoadBaseline(parse.GetValue(baseline), error, out var baselineFailed);
            if (baselineFailed)
            {
                return ExitCodes.BadInput;
            }

            var chosen = parse.GetValue(format)!;
            var toTerminal = chosen == "table" && parse.GetValue(path) is null;
            var progress = toTerminal && !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
            var (result, exit) = AnalysisRun.Run(parse.GetValue(shared.File)!, options, error, progress);
            if (result is null)
            {
                return exit;
            }

            var rendered = Render(result, chosen, parse.GetValue(witnesses), output, toTerminal);
            if (rendered is not null && !ReportOutput.Write(rendered, parse.GetValue(path), output, error))
            {
                return ExitCodes.BadInput;
            }

            return old is null ? VerdictExitCode(result, error) : GateExitCode(old, result, error);
        });
        return command;
    }

    private static string? Render(SpecClassification result, string format, bool witnesses, TextWriter output, bool toTerminal)
    {
        switch (format)
        {
            case "markdown": return MarkdownReport.Write(result, witnesses);
            case "json": return JsonReport.Write(result, witnesses);
            case "sarif": return SarifReport.Write(result);
            case "html": return Reports.Html.HtmlReport.Write(result);
        }

        if (!toTerminal)
        {
            // A table asked for in a file: the same table, as plain text.
            var text = new StringWriter();
            WriteTable(result, witnesses, text, plain: true);
            return text.ToString();
        }

        WriteTable(result, witnesses, output, plain: Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out));
        return null;
    }

    // Plain output for pipes, logs and files: no escape codes, and wide enough that reasons stay on one line.
    private static void WriteTable(SpecClassification result, bool witnesses, TextWriter target, bool plain)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(target),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (plain)
        {
            console.Profile.Width = 200;
        }

        TerminalReport.Write(result, console, witnesses);
    }

    private static Baseline? LoadBaseline(string? path, TextWriter error, out bool failed)
    {
        failed = false;
        if (path is null)
        {
            return null;
        }

        try
        {
            return Baseline.Load(path);
        }
        catch (BaselineException e)
        {
            error.WriteLine($"virt: {e.Message}");
            failed = true;
            return null;
        }
    }

    /// <summary>
    /// 1 when the machine is not virtualizable or a claim failed; 3 when unknowns leave the verdict or a
    /// claim open (an undecided claim is reported, not failed).
    /// </summary>
    private static int VerdictExitCode(SpecClassification result, TextWriter error)
    {
        var theorem1 = result.Theorems.First(t => t.Theorem == "Theorem 1");
        foreach (var claim in result.FailedClaims)
        {
            error.WriteLine($"{claim.Location}: claim '{claim.Claim}' does not hold");
        }

        foreach (var claim in result.UndecidedClaims)
        {
            error.WriteLine($"{claim.Location}: claim '{claim.Claim}' is undecided: an answer it rests on is unknown");
        }

        return theorem1.Holds == Answer.No || result.FailedClaims.Any() ? ExitCodes.Findings
            : theorem1.Holds == Answer.Unknown || result.UndecidedClaims.Any() ? ExitCodes.Unknown
            : ExitCodes.Success;
    }

    private static int GateExitCode(Baseline old, SpecClassification result, TextWriter error)
    {
        BaselineComparison comparison;
        try
        {
            comparison = BaselineComparison.Compare(old, result);
        }
        catch (BaselineException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return ExitCodes.BadInput;
        }

        foreach (var change in comparison.Regressions)
        {
            error.WriteLine($"worse than the baseline: {change.Subject}: {change.Description}");
        }

        foreach (var change in comparison.Improvements)
        {
            error.WriteLine($"better than the baseline: {change.Subject}: {change.Description}");
        }

        return comparison.HasRegressions ? ExitCodes.Findings : ExitCodes.Success;
    }
}
