using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>The verdict table for each bitness among the inputs: the spec given, or the shipped one for the bitness.</summary>
internal static class ScanTables
{
    /// <returns>The tables, or null after writing why not (a spec with errors, or none found).</returns>
    public static Dictionary<int, VerdictTable>? For(IEnumerable<BinaryImage> images, string? specOverride, string? cacheDirectory, int jobs, TextWriter error, PhaseTimings? timings = null)
    {
        var tables = new Dictionary<int, VerdictTable>();
        var bySpec = new Dictionary<string, VerdictTable>(StringComparer.Ordinal);
        foreach (var bits in images.Select(i => i.Bitness).Distinct().Order())
        {
            var path = specOverride ?? SpecLocator.ForBitness(bits);
            if (path is null)
            {
                error.WriteLine($"virt: no spec for {bits}-bit code found next to the tool or above the current folder: give --spec");
                return null;
            }

            if (!bySpec.TryGetValue(path, out var table))
            {
                table = Table(path, cacheDirectory, jobs, error, timings);
                if (table is null)
                {
                    return null;
                }

                bySpec[path] = table;
            }

            tables[bits] = table;
        }

        return tables;
    }

    /// <summary>
    /// A cached table needs neither the spec's YAML nor its analysis; otherwise the spec is loaded and
    /// its analysis taken from the analysis cache or run now, and the table is cached for the next scan.
    /// </summary>
    private static VerdictTable? Table(string path, string? cacheDirectory, int jobs, TextWriter error, PhaseTimings? timings)
    {
        var cache = new VerdictCache(cacheDirectory);
        if (cache.TryReadTable(path) is { } cached)
        {
            timings?.Done($"cached table {cached.SpecName}");
            error.WriteLine($"virt: {cached.SpecName}: analysis taken from the cache");
            return cached;
        }

        if (!SpecLoader.TryLoad(path, out var loaded, out var errors))
        {
            SpecErrors.Write(errors, error);
            return null;
        }

        var spec = loaded!;
        timings?.Done($"load {spec.Name}");
        var table = BinaryScanner.TableOf(spec, cache, new ClassifierOptions(Jobs: jobs), out var hit);
        cache.WriteTable(path, spec, table);
        timings?.Done("analysis");
        error.WriteLine(hit ? $"virt: {spec.Name}: analysis taken from the cache" : $"virt: {spec.Name}: analysed");
        return table;
    }
}
