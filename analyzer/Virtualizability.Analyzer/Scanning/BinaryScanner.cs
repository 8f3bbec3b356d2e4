using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>How to scan: the flat-binary layout (when the inputs are not ELF), findings wanted, workers.</summary>
public sealed record ScanOptions(int? FlatBitness = null, ulong FlatBase = 0, bool AllSensitive = false, int Jobs = 1);

/// <summary>
/// Scans files against specs: reads each input (ELF through ELFSharp, or flat), picks the spec for its
/// bitness, gets that spec's verdicts (from the cache or by analysing it), and decodes every code region,
/// regions of all files in parallel. The class of each instruction comes only from the spec's analysis.
/// </summary>
public static class BinaryScanner
{
    /// <summary>Every file under the given paths (directories recursively), in a stable order.</summary>
    public static ImmutableArray<string> ExpandInputs(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : [p])
            .ToImmutableArray();

    public static BinaryImage Read(string path, ScanOptions options)
    {
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = FileBytes.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BinaryFormatException(path, $"cannot read: {e.Message}");
        }

        return options.FlatBitness is { } bitness && !ElfBinaryReader.IsElf(bytes.Span)
            ? FlatBinaryReader.Read(path, bytes, bitness, options.FlatBase)
            : ElfBinaryReader.Read(path, bytes);
    }

    /// <param name="tableFor">The verdicts for a bitness (16, 32 or 64), built once per spec by the caller.</param>
    /// <param name="progress">Told the number of bytes decoded since its last report, from any worker.</param>
    public static ScanResult Scan(IReadOnlyList<BinaryImage> images, Func<int, VerdictTable> tableFor, ScanOptions options, IProgress<long>? progress = null)
    {
        var tables = images.Select(i => i.Bitness).Distinct().ToDictionary(b => b, tableFor);
        var jobs = images.SelectMany((image, f) => image.Regions.Select((region, r) => (File: f, Index: r, Image: image, Region: region))).ToList();
        var results = new RegionScan[jobs.Count];
        // Large regions first, so one big .text does not start last and keep a worker alone at the end.
        var order = Enumerable.Range(0, jobs.Count).OrderByDescending(j => jobs[j].Region.Length).ToList();
        // One region alone (a library's .text) is split across the workers; several share them out.
        var perRegion = jobs.Count == 1 ? Math.Max(1, options.Jobs) : 1;
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) }, j =>
        {
            var job = jobs[j];
            results[j] = RegionScanner.Scan(job.Image, job.Region, tables[job.Image.Bitness], options.AllSensitive, progress, perRegion);
        });

        var files = images.Select((image, f) =>
        {
            var table = tables[image.Bitness];
            var regions = jobs.Select((job, j) => (job, j)).Where(x => x.job.File == f).Select(x => results[x.j]).ToImmutableArray();
            return new FileScan(image.Path, image.Format, image.Bitness, table.SpecName, table.SpecFile, regions);
        });
        return new ScanResult(files.ToImmutableArray(), options.AllSensitive);
    }

    /// <summary>The verdict table of a spec, its analysis taken from the cache or run now.</summary>
    public static VerdictTable TableOf(IsaSpec spec, VerdictCache cache, ClassifierOptions classifier, out bool cacheHit)
    {
        var verdicts = cache.GetOrAnalyze(spec, s => SpecClassifier.Classify(s, classifier), out cacheHit);
        return new VerdictTable(spec, verdicts);
    }
}
