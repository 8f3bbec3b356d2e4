using System.Text.Json.Nodes;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 8: virt list, virt explain and analyze --only.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public void ListShowsEveryShippedSpecOnOneLineAndWhereTheyAre()
    {
        var run = Virt.Run("list");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutputLines.ToList();
        Assert.StartsWith("shipped specs in ", lines[0]);
        var shipped = Repo.ShippedSpecs().Select(Path.GetFileName).ToList();
        Assert.Equal(shipped.Count, lines.Count - 1);
        Assert.All(shipped, s => Assert.Single(lines, l => l.TrimStart().StartsWith(s + " ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("pg74.yaml", StringComparison.Ordinal) && l.Contains("pg74, 9 instructions", StringComparison.Ordinal));
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void ListPathsGivesFullPathsForScripts()
    {
        var run = Virt.Run("list", "--paths");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(run.OutputLines, l => Assert.True(Path.IsPathRooted(l) && File.Exists(l), l));
    }

    [Fact]
    public void ExplainShowsPropertiesQuestionsWitnessTableAndSpecLines()
    {
        var run = Virt.Run("explain", Virt.Spec("pg74.yaml"), "RDMODE");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutputLines.ToList();
        Assert.StartsWith("RDMODE (rdmode): critical", lines[0]);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("privileged ", StringComparison.Ordinal) && l.Contains(" no ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("mode-sensitive ", StringComparison.Ordinal) && l.Contains(" yes ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("asked: is there a pair of states differing only in mode", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("witness of ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("before ", StringComparison.Ordinal) && l.Contains(" | ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("after (changes)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("queries asked (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("| ", StringComparison.Ordinal) && l.Contains("name: RDMODE", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("| ", StringComparison.Ordinal) && l.Contains("body:", StringComparison.Ordinal));
    }

    [Fact]
    public void ExplainWithFormulasPrintsSmtLib()
    {
        var run = Virt.Run("explain", Virt.Spec("pg74.yaml"), "HALT", "--formulas");

        Assert.True(run.ExitCode == 0, run.ToString());
        var queries = run.OutputLines.SkipWhile(l => !l.StartsWith("queries asked (", StringComparison.Ordinal)).ToList();
        Assert.Contains(queries, l => l.Trim() == "privileged");
        Assert.Contains(queries, l => l.StartsWith("(", StringComparison.Ordinal));
    }

    [Fact]
    public void ExplainOfAnUnknownInstructionSuggestsNames()
    {
        var run = Virt.Run("explain", Virt.Spec("pg74.yaml"), "RDMOD");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(["virt: pg74 has no instruction 'RDMOD'; did you mean RDMODE?"], run.ErrorLines);
    }

    [Fact]
    public void OnlyAnalysesTheNamedInstructionsAndSaysSo()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--only", "LRA,HALT", "-f", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = JsonNode.Parse(run.Output)!;
        Assert.Equal(["HALT", "LRA"], report["instructions"]!.AsArray().Select(i => (string?)i!["name"]));
        Assert.Equal(["HALT", "LRA"], report["run"]!["only"]!.AsArray().Select(n => (string?)n));
    }

    [Theory]
    [InlineData("NOPE", "virt: --only: pg74 has no instruction 'NOPE' (`virt list` and `virt validate` show a spec's contents)")]
    [InlineData(",", "virt: --only needs instruction names, separated by commas")]
    public void OnlyWithAnUnknownNameIsBadInput(string names, string message)
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--only", names);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal([message], run.ErrorLines);
    }
}
