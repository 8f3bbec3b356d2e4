using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests;

/// <summary>
/// Each file under TestData/broken has one defect; expected.tsv says where the loader must report it and
/// what the message must say. A loader that reports the wrong place or throws fails here.
/// </summary>
public sealed class BrokenSpecTests
{
    public static string Folder => Path.Combine(Repo.TestData, "broken");

    public static TheoryData<string, string, int, int, string> Cases()
    {
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var row in File.ReadAllLines(Path.Combine(Folder, "expected.tsv")).Where(l => l.Length > 0))
        {
            var cells = row.Split('\t');
            var position = cells[2].Split(':');
            data.Add(cells[0], cells[1], int.Parse(position[0]), int.Parse(position[1]), cells[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsTheDefectWhereItIs(string file, string reportedIn, int line, int column, string message)
    {
        var ok = SpecLoader.TryLoad(Path.Combine(Folder, file), out var spec, out var errors);

        Assert.False(ok);
        Assert.Null(spec);
        Assert.Contains(errors, e =>
            e.Location.File.EndsWith(reportedIn, StringComparison.Ordinal)
            && e.Location.Line == line
            && e.Location.Column == column
            && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryBrokenSpecHasAnExpectation()
    {
        var expected = Cases().Select(row => (string)row[0]).ToHashSet();
        var files = Directory.EnumerateFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)).ToList();

        Assert.True(files.Count >= 20, $"the corpus has only {files.Count} broken specs");
        Assert.All(files, f => Assert.Contains(f, expected));
    }

    [Fact]
    public void LoadThrowsOneExceptionListingEveryError()
    {
        var exception = Assert.Throws<Diagnostics.SpecException>(() => SpecLoader.Load(Path.Combine(Folder, "width-out-of-range.yaml")));

        Assert.Equal(2, exception.Diagnostics.Count);
    }
}
