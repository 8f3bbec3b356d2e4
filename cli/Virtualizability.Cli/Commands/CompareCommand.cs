using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Reports.Comparison;
using Virtualizability.Reports.Html;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt compare FILE... | --shipped`: several specs classified and set side by side.</summary>
internal static class CompareCommand
{
    public static Command Create(CommandIo io)
    {
        var (output, error) = (io.Output, io.Error);
        var files = new Argument<string[]>("FILE") { Description = "the ISA descriptions (YAML) to compare", Arity = ArgumentArity.ZeroOrMore };
        var shipped = new Option<bool>("--shipped") { Description = "compare every spec shipped in isa-specs/" };
        var format = new Option<string?>("--format", "-f") { Description = $"{string.Join(", ", ReportFormat.Comparison)} (any case; table: the per-ISA summary, fitted to the terminal); default: from -o's extension (.md, .json, .tex, .html, .txt for table), else markdown" };
        var path = new Option<string?>("--output", "-o") { Description = "write the comparison to this file instead of the terminal" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "solver workers (default: the number of cores)" };
        var timeout = new Option<uint>("--timeout") { Description = "time limit per query in milliseconds", DefaultValueFactory = _ => 30_000 };
        var rlimit = new Option<uint?>("--rlimit") { Description = "deterministic resource limit per query (Z3 rlimit)" };
        var noDesigns = new Option<bool>("--no-designs") { Description = "classify only: leave out the VMM designs' proofs (trap-and-emulate, hybrid, patched, hardware)" };
        var table = new TableOptions();
        var command = new Command("compare", "Classify several specs and compare them: class counts, theorem and VMM design verdicts, each instruction's class per ISA");
        command.Arguments.Add(files);
        foreach (var option in new Option[] { shipped, format, path, table.Color, jobs, timeout, rlimit, noDesigns })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var chosen = ReportFormat.Resolve(parse.GetValue(format), parse.GetValue(path), ReportFormat.Comparison, out var formatProblem);
            var color = table.ReadColor(parse, out var colorProblem);
            if ((formatProblem ?? colorProblem) is { } usage)
            {
                error.WriteLine($"virt: {usage}");
            }

            var specs = SpecList(parse.GetValue(files) ?? [], parse.GetValue(shipped), error);
            if (chosen is null || color is null || specs is null)
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(jobs) < 0)
            {
                error.WriteLine("virt: --jobs must be 1 or more");
                return ExitCodes.BadInput;
            }

            var limits = new SolverLimits(parse.GetValue(timeout), parse.GetValue(rlimit), null);
            var options = new ClassifierOptions(null, parse.GetValue(jobs), limits, Cancellation: io.Cancellation);
            var toTerminal = chosen == ReportFormat.Table && parse.GetValue(path) is null;
            var (comparison, exit) = CompareProgress.Show(toTerminal, io, progress => CompareRun.Run(specs, options, !parse.GetValue(noDesigns), error, progress));
            if (comparison is null)
            {
                return exit;
            }

            if (toTerminal)
            {
                TableOutput.Write(comparison, new TableStyle(color, Quiet: false), io);
            }
            else if (!ReportOutput.Write(Render(comparison, chosen), parse.GetValue(path), output, error))
            {
                return ExitCodes.BadInput;
            }

            return comparison.Isas.Any(i => i.Analysis.HasUnknowns || i.Designs.Any(d => d.Holds == Answer.Unknown)) ? ExitCodes.Unknown : ExitCodes.Success;
        });
        return command;
    }

    private static string Render(IsaComparison comparison, string format) => format switch
    {
        ReportFormat.Json => ComparisonJson.Write(comparison),
        ReportFormat.Latex => ComparisonLatex.Write(comparison),
        ReportFormat.Html => HtmlReport.Write(comparison),
        ReportFormat.Table => TableOutput.Plain(comparison),
        _ => ComparisonMarkdown.Write(comparison),
    };

    private static List<string>? SpecList(string[] files, bool shipped, TextWriter error)
    {
        var specs = new List<string>(files);
        if (shipped)
        {
            if (SpecLocator.ShippedFolder() is not { } folder)
            {
                error.WriteLine("virt: --shipped: no isa-specs folder found next to the tool or above the current folder");
                return null;
            }

            specs.AddRange(Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(SpecLocator.Relative));
        }

        if (specs.Count == 0)
        {
            error.WriteLine("virt: compare needs at least one FILE, or --shipped");
            return null;
        }

        return specs;
    }
}
