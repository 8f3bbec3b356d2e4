using System.Text.Json;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>`virt analyze` and `virt baseline` end to end, on the small specs (x86 is covered elsewhere).</summary>
public sealed class AnalyzeCommandTests
{
    private static string Spec(string name) => Path.Combine(Repo.Specs, name);

    [Fact]
    public void VersionNamesTheToolAndTheZ3InUse()
    {
        var run = Virt.Run("--version");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^virt \d+\.\d+\.\d+", run.OutputLines.First());
        Assert.Matches(@"^Z3 \d+\.\d+\.\d+", run.OutputLines.Last());
    }

    [Fact]
    public void ANonVirtualizableMachineIsAFinding()
    {
        var run = Virt.Run("analyze", Spec("pdp10.yaml"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("JRST1", run.Output);
        Assert.Contains("Theorem 1: no", run.Output);
        Assert.Contains("Theorem 3: yes", run.Output);
    }

    /// <summary>With a resource limit too small for any query nothing is decided: unknown (3), not a finding.</summary>
    [Fact]
    public void UnknownAnswersExitWith3AndLeaveClaimsUndecided()
    {
        var run = Virt.Run("analyze", Spec("pg74.yaml"), "--rlimit", "1", "-j", "1");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("Theorem 1: unknown", run.Output);
        Assert.Contains("claim undecided at", run.Output);
        Assert.DoesNotContain("claim failed", run.Output);
        Assert.False(run.HasStackTrace, run.ToString());
    }

    /// <summary>A spec whose Φ leaves no state in the guest mode loads, but every answer would be vacuous.</summary>
    [Fact]
    public void AVacuousPremiseIsBadInputAtTheKeepsLocation()
    {
        var path = Path.Combine(Repo.Root, "tests", "Virtualizability.Analyzer.Tests", "TestData", "vacuous", "keeps-excludes-guest-mode.yaml");

        var run = Virt.Run("analyze", path, "-j", "1");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{path}:29:10: no state in mode user satisfies the invariants and vmm.keeps", run.Error);
        Assert.False(run.HasStackTrace, run.ToString());
    }

    [Fact]
    public void AVirtualizableMachineSucceeds()
    {
        var run = Virt.Run("analyze", Spec("pg74-virtualizable.yaml"), "--format", "markdown");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("#", run.Output);
    }

    [Fact]
    public void JsonGoesToTheOutputFileWhole()
    {
        var directory = Directory.CreateTempSubdirectory("virt-analyze-");
        var path = Path.Combine(directory.FullName, "pg74.json");
        try
        {
            var run = Virt.Run("analyze", Spec("pg74.yaml"), "-f", "json", "-o", path);

            Assert.True(run.ExitCode == 1, run.ToString());
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var critical = json.RootElement.GetProperty("instructions").EnumerateArray()
                .Where(i => i.GetProperty("class").GetString() == "critical")
                .Select(i => i.GetProperty("name").GetString()).ToList();
            Assert.Equal(["RDMODE", "LRA"], critical);
            Assert.Empty(Directory.GetFiles(directory.FullName, "*.tmp"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheBaselineGateFailsOnlyWhenThingsGetWorse()
    {
        var directory = Directory.CreateTempSubdirectory("virt-baseline-");
        try
        {
            var baseline = Path.Combine(directory.FullName, "baseline.json");
            Assert.Equal(0, Virt.Run("baseline", Spec("pg74.yaml"), "-o", baseline).ExitCode);

            var same = Virt.Run("analyze", Spec("pg74.yaml"), "--baseline", baseline, "-f", "json");
            Assert.True(same.ExitCode == 0, same.ToString());

            // A baseline that knew only LRA as critical: RDMODE is new, so the gate fails and names it.
            var lraOnly = Path.Combine(directory.FullName, "lra-only.json");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(baseline))!;
            var critical = json["critical"]!.AsArray();
            critical.Remove(critical.Single(c => (string?)c!["name"] == "RDMODE"));
            File.WriteAllText(lraOnly, json.ToJsonString());
            var worse = Virt.Run("analyze", Spec("pg74.yaml"), "--baseline", lraOnly, "-f", "json");
            Assert.True(worse.ExitCode == 1, worse.ToString());
            Assert.Contains("RDMODE", worse.Error);

            var otherIsa = Virt.Run("analyze", Spec("pg74-virtualizable.yaml"), "--baseline", baseline, "-f", "json");
            Assert.True(otherIsa.ExitCode == 2, otherIsa.ToString());
            Assert.False(otherIsa.HasStackTrace);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("analyze", "no-such-spec.yaml")]
    [InlineData("analyze", "pg74.yaml", "--guest-ring", "2")]
    [InlineData("analyze", "pg74.yaml", "--guest-ring", "1")]
    [InlineData("analyze", "pg74.yaml", "--format", "pdf")]
    [InlineData("analyze", "pg74.yaml", "--baseline", "no-such-baseline.json")]
    [InlineData("baseline", "pg74.yaml")]
    public void BadUsageIsExitTwoWithoutAStackTrace(string command, string spec, params string[] rest)
    {
        var run = Virt.Run([command, Spec(spec), .. rest]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public void AMalformedSpecIsReportedWithItsPosition()
    {
        var broken = Path.Combine(Repo.Root, "tests", "Virtualizability.Analyzer.Tests", "TestData", "broken", "width-mismatch-assignment.yaml");
        var run = Virt.Run("analyze", broken);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("width-mismatch-assignment.yaml:34:16: width mismatch", run.Error);
        Assert.False(run.HasStackTrace);
    }

    [Fact]
    public void EmitSmt2WritesEveryQuery()
    {
        var directory = Directory.CreateTempSubdirectory("virt-smt2-");
        try
        {
            var run = Virt.Run("analyze", Spec("pdp10.yaml"), "-f", "json", "--emit-smt2", directory.FullName);

            Assert.True(run.ExitCode == 1, run.ToString());
            var files = Directory.GetFiles(directory.FullName, "*.smt2");
            Assert.Contains(files, f => Path.GetFileName(f) == "pdp10.JRST1.privileged.smt2");
            Assert.All(files, f => Assert.Contains("(check-sat)", File.ReadAllText(f)));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
