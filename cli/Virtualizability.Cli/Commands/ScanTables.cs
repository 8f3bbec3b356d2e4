using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>The verdict table for each bitness among the inputs: the spec given, or the shipped one for the bitness.</summary>
internal static class ScanTables
{
    /// <returns>The tables, or null after writing why not (a spec with errors, or none found).</returns>
    public static Dictionary<int, VerdictTable>? For(IEnumerable<BinaryImage> images, string? specOverride, string? cacheDirectory, int jobs, TextWriter error)
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
                if (!SpecLoader.TryLoad(path, out var loaded, out var errors))
                {
                    SpecErrors.Write(errors, error);
                    return null;
                }

                table = BinaryScanner.TableOf(loaded!, new VerdictCache(cacheDirectory), new ClassifierOptions(Jobs: jobs), out var hit);
                error.WriteLine(hit ? $"virt: {loaded!.Name}: analysis taken from the cache" : $"virt: {loaded!.Name}: analysed");
                bySpec[path] = table;
            }

            tables[bits] = table;
        }

        return tables;
    }
}
