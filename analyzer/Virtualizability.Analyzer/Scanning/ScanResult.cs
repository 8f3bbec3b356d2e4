using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>One instruction the spec's analysis classifies as critical (or, when asked, sensitive).</summary>
public sealed record Finding(
    string File,
    string Region,
    ulong Address,
    long FileOffset,
    ImmutableArray<byte> Bytes,
    string Text,
    string Mnemonic,
    ScanVerdict Verdict,
    string? Symbol);

/// <summary>What linear decoding of one region found.</summary>
public sealed record RegionScan(
    CodeRegion Region,
    long Instructions,
    long InvalidDecodes,
    ImmutableArray<Finding> Findings,
    ImmutableDictionary<string, long> UnclaimedByMnemonic);

/// <summary>One scanned file: the spec its bitness selected and what each of its regions held.</summary>
public sealed record FileScan(string Path, string Format, int Bitness, string Spec, string SpecFile, ImmutableArray<RegionScan> Regions)
{
    public long Bytes => Regions.Sum(r => (long)r.Region.Length);

    public long Instructions => Regions.Sum(r => r.Instructions);

    public long InvalidDecodes => Regions.Sum(r => r.InvalidDecodes);

    public IEnumerable<Finding> Findings => Regions.SelectMany(r => r.Findings);
}

/// <summary>A whole scan: every file, in the order given.</summary>
public sealed record ScanResult(ImmutableArray<FileScan> Files, bool AllSensitive)
{
    public IEnumerable<Finding> Findings => Files.SelectMany(f => f.Findings);

    public long Bytes => Files.Sum(f => f.Bytes);

    public long Instructions => Files.Sum(f => f.Instructions);

    public long InvalidDecodes => Files.Sum(f => f.InvalidDecodes);

    public bool HasCritical => Findings.Any(f => f.Verdict.Class == Classification.InstructionClass.Critical);

    /// <summary>Findings per mnemonic, most frequent first.</summary>
    public ImmutableArray<KeyValuePair<string, long>> FindingsByMnemonic =>
        Count(Findings.Select(f => f.Mnemonic));

    /// <summary>Findings per file and region ("libc.so.6 .text").</summary>
    public ImmutableArray<KeyValuePair<string, long>> FindingsByRegion =>
        Count(Files.SelectMany(f => f.Regions.SelectMany(r => r.Findings.Select(_ => $"{System.IO.Path.GetFileName(f.Path)} {r.Region.Name}"))));

    /// <summary>Decoded instructions whose Code (and form) no definition of the spec claims, per mnemonic.</summary>
    public ImmutableArray<KeyValuePair<string, long>> UnclaimedByMnemonic =>
        Files.SelectMany(f => f.Regions).SelectMany(r => r.UnclaimedByMnemonic)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum(p => p.Value)))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToImmutableArray();

    private static ImmutableArray<KeyValuePair<string, long>> Count(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, (long)g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToImmutableArray();
}
