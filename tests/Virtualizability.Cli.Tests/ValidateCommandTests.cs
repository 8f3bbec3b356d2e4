using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>
/// `virt validate` end to end through <see cref="VirtCommandLine.Run"/>: exit codes, the summary of a good
/// spec, and located errors (never a stack trace) for the broken-spec corpus.
/// </summary>
public sealed class ValidateCommandTests
{
    public static TheoryData<string> ShippedSpecs() => new(Repo.ShippedSpecs().Select(Path.GetFileName)!);

    public static TheoryData<string, string, int, int, string> BrokenSpecs()
    {
        var data = new TheoryData<string, string, int, int, string>();
        foreach (var row in File.ReadAllLines(Path.Combine(Repo.BrokenSpecs, "expected.tsv")).Where(l => l.Length > 0))
        {
            var cells = row.Split('\t');
            var position = cells[2].Split(':');
            data.Add(cells[0], cells[1], int.Parse(position[0]), int.Parse(position[1]), cells[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void ShippedSpecValidatesAndNamesItsInstructionCount(string file)
    {
        var path = Path.Combine(Repo.Specs, file);
        var expected = SpecLoader.Load(path).Instructions.Length;

        var run = Virt.Run("validate", path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("", run.Error);
        Assert.StartsWith($"{path}: valid ISA description", run.Output, StringComparison.Ordinal);
        var count = Regex.Match(run.Output, @"^\s*instructions:\s+(\d+)\s*$", RegexOptions.Multiline);
        Assert.True(count.Success, run.ToString());
        Assert.Equal(expected, int.Parse(count.Groups[1].Value));
        Assert.True(expected > 0, $"{file} has no instructions");
    }

    [Theory]
    [MemberData(nameof(BrokenSpecs))]
    public void BrokenSpecPrintsLocatedErrorAndExitsTwo(string file, string reportedIn, int line, int column, string message)
    {
        var run = Virt.Run("validate", Path.Combine(Repo.BrokenSpecs, file));

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.Equal("", run.Output);
        Assert.False(run.HasStackTrace, run.ToString());
        var located = $"{Path.Combine(Repo.BrokenSpecs, reportedIn)}:{line}:{column}: {message}".Replace('\\', '/');
        Assert.True(
            run.ErrorLines.Any(l => l.Replace('\\', '/').StartsWith(located, StringComparison.Ordinal)),
            $"expected a line starting '{located}'\n{run}");
        Assert.Matches(@"^\d+ errors?$", run.ErrorLines.Last());
    }

    [Fact]
    public void ErrorsNameTheFileAsTheUserGaveIt()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(Repo.BrokenSpecs, "width-mismatch-operator.yaml"));

        var run = Virt.Run("validate", relative);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"{relative}:34:21: width mismatch:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryErrorIsPrintedAndCounted()
    {
        var run = Virt.Run("validate", Path.Combine(Repo.BrokenSpecs, "width-out-of-range.yaml"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["2 errors"], run.ErrorLines.Where(l => !Regex.IsMatch(l, @":\d+:\d+: ")));
        Assert.Equal(2, run.ErrorLines.Count(l => Regex.IsMatch(l, @"\.yaml:\d+:\d+: ")));
    }

    [Fact]
    public void MissingFileExitsTwoWithAClearMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"virt-missing-{Guid.NewGuid():N}.yaml");

        var run = Virt.Run("validate", path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.False(run.HasStackTrace, run.ToString());
        Assert.Contains($"cannot read spec '{path}': file not found", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate")]
    [InlineData]
    public void BadUsageExitsTwo(params string[] args)
    {
        var run = Virt.Run(args);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
        Assert.Contains("Run 'virt --help' for usage.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommandIsNamed()
    {
        var run = Virt.Run("frobnicate");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("'frobnicate'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenSpecsAreNeverWrittenTo()
    {
        var files = Directory.EnumerateFiles(Repo.BrokenSpecs, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var before = files.ToDictionary(f => f, Fingerprint);

        foreach (var file in files.Where(f => Path.GetDirectoryName(f) == Repo.BrokenSpecs))
        {
            Assert.Equal(ExitCodes.BadInput, Virt.Run("validate", file).ExitCode);
        }

        Assert.All(files, f => Assert.Equal(before[f], Fingerprint(f)));
    }

    private static (string Hash, DateTime Written) Fingerprint(string path) =>
        (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), File.GetLastWriteTimeUtc(path));
}
