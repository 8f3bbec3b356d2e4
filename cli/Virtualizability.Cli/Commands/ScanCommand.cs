using System.CommandLine;
using System.Globalization;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports.Scanning;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// `virt scan FILE|DIR...`: the critical instructions of x86 binaries, classified by analysing the spec
/// for each file's bitness (x86-32 for 16- and 32-bit code, x86-64 for 64-bit; --spec overrides).
/// </summary>
internal static class ScanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("FILE") { Description = "ELF files, flat binaries (with --bitness) or folders", Arity = ArgumentArity.OneOrMore };
        var spec = new Option<string?>("--spec") { Description = "the ISA spec to classify with, for every input (default: by bitness)" };
        var bitness = new Option<int?>("--bitness") { Description = "treat non-ELF inputs as flat code of this bitness (16, 32 or 64)" };
        var baseAddress = new Option<string>("--base") { Description = "load address of flat inputs (hex with 0x, or decimal)", DefaultValueFactory = _ => "0" };
        var allSensitive = new Option<bool>("--all-sensitive") { Description = "report every sensitive instruction, not only the critical ones" };
        var format = new Option<string?>("--format", "-f") { Description = "table, json, markdown or sarif (any case); default: from -o's extension, else table" };
        var outputFile = new Option<string?>("--output", "-o") { Description = "write the report to this file" };
        var failOn = new Option<string?>("--fail-on") { Description = "exit 1 when a finding of this class is present (critical)" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"where analyses are cached (default {VerdictCache.DefaultDirectory})" };
        var noCache = new Option<bool>("--no-cache") { Description = "analyse the spec even when a cached analysis exists" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "workers (default: the number of cores)" };
        var command = new Command("scan", "Find the critical instructions in x86 binaries") { inputs, spec, bitness, baseAddress, allSensitive, format, outputFile, failOn, cacheDir, noCache, jobs };
        command.SetAction(parse =>
        {
            var request = new ScanRequest(
                parse.GetValue(inputs)!, parse.GetValue(spec), parse.GetValue(bitness), parse.GetValue(baseAddress)!,
                parse.GetValue(allSensitive), parse.GetValue(format), parse.GetValue(outputFile), parse.GetValue(failOn),
                parse.GetValue(noCache) ? null : parse.GetValue(cacheDir) ?? VerdictCache.DefaultDirectory, parse.GetValue(jobs));
            return Run(request, output, error);
        });
        return command;
    }

    private static int Run(ScanRequest request, TextWriter output, TextWriter error)
    {
        if (request.Validate() is { } usage)
        {
            error.WriteLine($"virt: {usage}");
            return ExitCodes.BadInput;
        }

        var timings = PhaseTimings.FromEnvironment();
        var options = new ScanOptions(request.Bitness, request.BaseAddress, request.AllSensitive, request.WorkerCount);
        List<BinaryImage> images;
        try
        {
            images = BinaryScanner.ExpandInputs(request.Inputs).Select(p => BinaryScanner.Read(p, options)).ToList();
        }
        catch (BinaryFormatException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return ExitCodes.BadInput;
        }

        timings?.Done("read");
        if (ScanTables.For(images, request.Spec, request.CacheDirectory, request.WorkerCount, error, timings) is not { } tables)
        {
            return ExitCodes.BadInput;
        }

                var result = BinaryScanner.Scan(images, bits => tables[bits], options, ScanProgress.For(images.Sum(i => i.CodeBytes), error));
        timings?.Done("scan");
        var text = request.ResolvedFormat switch
        {
            "json" => ScanJsonReport.Write(result),
            "markdown" => ScanTextReport.Markdown(result),
            "sarif" => ScanSarifReport.Write(result),
            _ => ScanTextReport.Table(result),
        };
        if (!ReportOutput.Write(text, request.Output, output, error))
        {
            return ExitCodes.BadInput;
        }

        timings?.Done("report");
        timings?.Write(error);
        return request.FailOn == "critical" && result.HasCritical ? ExitCodes.Findings : ExitCodes.Success;
    }
}

/// <summary>The parsed command line of `virt scan`.</summary>
internal sealed record ScanRequest(
    string[] Inputs, string? Spec, int? Bitness, string Base, bool AllSensitive, string? Format, string? Output, string? FailOn, string? CacheDirectory, int Jobs)
{
    public ulong BaseAddress { get; private set; }

    public string ResolvedFormat { get; private set; } = ReportFormat.Table;

    public int WorkerCount => Jobs > 0 ? Jobs : Environment.ProcessorCount;

    public string? Validate()
    {
        ResolvedFormat = ReportFormat.Resolve(Format, Output, ReportFormat.Scan, out var formatProblem) ?? ReportFormat.Table;
        if (formatProblem is not null)
        {
            return formatProblem;
        }

        if (Output is not null && OutputFile.Check(Output, "-o", Spec is null ? Inputs : Inputs.Append(Spec)) is { } outputProblem)
        {
            return outputProblem;
        }

        if (FailOn is not (null or "critical"))
        {
            return $"--fail-on takes 'critical', not '{FailOn}'";
        }

        if (Bitness is not (null or 16 or 32 or 64))
        {
            return $"--bitness must be 16, 32 or 64, not {Bitness}";
        }

        if (Jobs < 0)
        {
            return "--jobs must be 1 or more";
        }

        if (Spec is not null && !File.Exists(Spec))
        {
            return $"no spec at '{Spec}'";
        }

        var text = Base.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? Base[2..] : Base;
        var style = Base.Length != text.Length ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (!ulong.TryParse(text, style, CultureInfo.InvariantCulture, out var value))
        {
            return $"--base '{Base}' is not an address (hex with 0x, or decimal)";
        }

        BaseAddress = value;
        return Inputs.Where(i => !File.Exists(i) && !Directory.Exists(i)).Select(i => $"no file or folder '{i}'").FirstOrDefault();
    }
}
