using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

/// <summary>
/// The Markdown and JSON reports of every shipped spec, with witnesses, against their approved files.
/// A new spec in isa-specs/ is covered here without a new test (its first run fails until approved).
/// </summary>
public sealed class SnapshotTests
{
    public static TheoryData<string> ShippedSpecs() => Specs.ShippedData();

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void MarkdownReportMatchesSnapshot(string spec)
    {
        Snapshot.Verify(NameOf(spec), "md", MarkdownReport.Write(Specs.Classified(spec), Samples.Metadata, witnesses: true));
    }

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void JsonReportMatchesSnapshot(string spec)
    {
        Snapshot.Verify(NameOf(spec), "json", JsonReport.Write(Specs.Classified(spec), Samples.Metadata, witnesses: true));
    }

    [Fact]
    public void EveryApprovedFileBelongsToAShippedSpecOrTheComparison()
    {
        // A renamed or deleted spec would otherwise leave its snapshots behind, approving nothing.
        var expected = Specs.Shipped.Select(NameOf).Concat(Comparison.Comparisons.SnapshotNames).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(Snapshot.Directory, "*.approved.*")
            .Select(Path.GetFileName)
            .Where(f => !expected.Contains(f![..f!.IndexOf(".approved.", StringComparison.Ordinal)]))
            .ToList();

        Assert.Empty(orphans);
    }

    private static string NameOf(string spec) => Path.GetFileNameWithoutExtension(spec);
}
