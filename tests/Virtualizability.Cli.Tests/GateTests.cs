using System.Text.Json.Nodes;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>One pg74 baseline, recorded once and shared by the gate tests (each copies what it edits).</summary>
public sealed class Pg74Baseline : IDisposable
{
    public Pg74Baseline()
    {
        Run = Virt.Run("baseline", Virt.Spec("pg74.yaml"), "-o", Folder.File("baseline.json"));
        Json = File.ReadAllText(Folder.File("baseline.json"));
    }

    public TempFolder Folder { get; } = new();

    public VirtRun Run { get; }

    public string Json { get; }

    public string Path => Folder.File("baseline.json");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Deliver 1: a gate never passes on doubt, and a baseline says what it was made under.</summary>
public sealed class GateTests(Pg74Baseline baseline) : IClassFixture<Pg74Baseline>
{
    [Fact]
    public void ABaselineRecordsConfigurationSpecHashAndVersions()
    {
        Assert.True(baseline.Run.ExitCode == 0, baseline.Run.ToString());
        Assert.Equal($"wrote {baseline.Path}: 2 critical instruction(s) of pg74", baseline.Run.OutputLines.Single());
        var json = JsonNode.Parse(baseline.Json)!;
        Assert.Equal(2, (int?)json["schemaVersion"]);
        Assert.Equal("user", (string?)json["configuration"]!["guestSupervisorMode"]);
        Assert.Equal("RUN == 1", (string?)json["configuration"]!["keeps"]);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string?)json["specHash"]);
        Assert.Matches(@"^\d+\.\d+\.\d+", (string?)json["toolVersion"]);
        Assert.Matches(@"^\d+\.\d+\.\d+", (string?)json["z3Version"]);
        Assert.Equal(["RDMODE", "LRA"], json["critical"]!.AsArray().Select(c => (string?)c!["name"]));
    }

    [Fact]
    public void AnUnchangedRunPassesAndSaysSoInOneLine()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--baseline", baseline.Path, "-f", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([$"virt: unchanged from the baseline {baseline.Path}: 2 critical instruction(s), the same verdicts"], run.ErrorLines.Where(l => !l.StartsWith("virt: analysing", StringComparison.Ordinal)));
        Assert.StartsWith("{", run.Output);
    }

    [Fact]
    public void AnswersThatTurnedUnknownExit3AndAreListed()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--baseline", baseline.Path, "--rlimit", "1", "-f", "json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains(run.ErrorLines, l => l.StartsWith("unknown, so the gate cannot pass: RDMODE: was critical, now unknown", StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.StartsWith("unknown, so the gate cannot pass: LRA: was critical, now unknown", StringComparison.Ordinal));
        Assert.Contains("unknown, so the gate cannot pass: Theorem 3: was no, now unknown", run.ErrorLines);
        Assert.DoesNotContain(run.ErrorLines, l => l.StartsWith("virt: unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public void FailingClaimsAreStillPrintedAndFailAGatedRun()
    {
        using var folder = new TempFolder();
        var spec = folder.CopySpec("pg74.yaml", t => t.Replace("expect: [critical, mode-sensitive]", "expect: [innocuous]"));
        // The same spec content apart from the claim: the baseline's critical list still matches.
        var run = Virt.Run("analyze", spec, "--baseline", baseline.Path, "-f", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(run.ErrorLines, l => l.Contains("claim 'innocuous' does not hold: the analysis finds RDMODE critical", StringComparison.Ordinal));
    }

    [Fact]
    public void ABaselineOfAnotherVmmConfigurationIsBadInputNamingBoth()
    {
        using var folder = new TempFolder();
        var other = folder.File("ring.json");
        File.WriteAllText(other, baseline.Json.Replace("\"guestSupervisorMode\": \"user\"", "\"guestSupervisorMode\": \"ring3\""));
        var output = folder.File("report.json");
        File.WriteAllText(output, "previous report");

        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--baseline", other, "-o", output);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("baseline: supervisor supervisor, guest supervisor in ring3", run.Error);
        Assert.Contains("this run: supervisor supervisor, guest supervisor in user", run.Error);
        Assert.Equal("previous report", File.ReadAllText(output));
        Assert.False(run.HasStackTrace);
    }

    [Fact]
    public void BaselineRefusesUnknownAnswersUnlessAllowed()
    {
        using var folder = new TempFolder();
        var refused = Virt.Run("baseline", Virt.Spec("pg74.yaml"), "-o", folder.File("b.json"), "--rlimit", "1");

        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("virt: no baseline written: 9 instruction(s) are unknown; raise --timeout/--rlimit, or record them as unknown with --allow-unknown", refused.ErrorLines);
        Assert.Contains(refused.ErrorLines, l => l.StartsWith("unknown: RDMODE: ", StringComparison.Ordinal));
        Assert.Empty(folder.Snapshot());

        var allowed = Virt.Run("baseline", Virt.Spec("pg74.yaml"), "-o", folder.File("b.json"), "--rlimit", "1", "--allow-unknown");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal(9, JsonNode.Parse(File.ReadAllText(folder.File("b.json")))!["unknown"]!.AsArray().Count);
    }

    [Fact]
    public void BaselineSaysSoWhenClaimsFail()
    {
        using var folder = new TempFolder();
        var spec = folder.CopySpec("pg74.yaml", t => t.Replace("expect: [critical, mode-sensitive]", "expect: [innocuous]"));

        var run = Virt.Run("baseline", spec, "-o", folder.File("b.json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Single(run.ErrorLines, l => l.Contains("claim 'innocuous' does not hold", StringComparison.Ordinal));
        Assert.Contains("virt: the baseline records the analysis as it is, but 1 expect: claim(s) of pg74 do not hold", run.ErrorLines);
        Assert.True(File.Exists(folder.File("b.json")));
    }
}
