using System.Text.Json;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>`virt prove` end to end on the small specs: exit codes, formats and bad input.</summary>
public sealed class ProveCommandTests
{
    private static string Spec(string name) => Path.Combine(Repo.Specs, name);

    [Fact]
    public void ARefutedObligationIsAFinding()
    {
        var run = Virt.Run("prove", Spec("pdp10.yaml"), "--vmm", "trap-and-emulate", "-j", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("JRST1", run.Output);
        Assert.Contains("Theorem 1: failing set equals the critical set", run.Output);
    }

    [Fact]
    public void AHybridVmmForThePdp10IsProved()
    {
        var run = Virt.Run("prove", Spec("pdp10.yaml"), "--vmm", "hybrid", "-j", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("every obligation of every instruction holds", run.Output);
    }

    [Fact]
    public void TheJsonReportNamesTheDesignAndThePatchSet()
    {
        var run = Virt.Run("prove", Spec("m68000.yaml"), "--vmm", "patched", "-f", "json", "-j", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("patched", json.RootElement.GetProperty("design").GetString());
        var member = Assert.Single(json.RootElement.GetProperty("patchSet").EnumerateArray());
        Assert.Equal("MOVE_FROM_SR", member.GetProperty("instruction").GetString());
        Assert.True(member.GetProperty("needed").GetBoolean());
    }

    [Fact]
    public void UnknownAnswersExitWith3()
    {
        var run = Virt.Run("prove", Spec("pg74-virtualizable.yaml"), "--vmm", "trap-and-emulate", "--rlimit", "1", "-j", "1");

        Assert.True(run.ExitCode == 3, run.ToString());
    }

    [Theory]
    [InlineData("proof.md", null, "# `virt prove` pg74-virtualizable --vmm trap-and-emulate")]
    [InlineData("proof.json", null, "{")]
    [InlineData("proof.out", "MD", "# `virt prove`")]
    [InlineData("proof.html", null, "<!DOCTYPE html>")]
    public void TheFormatFollowsTheExtensionLikeEveryReport(string file, string? format, string start)
    {
        using var folder = new TempFolder();
        string[] args = ["prove", Spec("pg74-virtualizable.yaml"), "--vmm", "trap-and-emulate", "-j", "1", "-o", folder.File(file)];

        var run = Virt.Run(format is null ? args : [.. args, "-f", format]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(start, File.ReadAllText(folder.File(file)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-f", "sarif", "--vmm", "trap-and-emulate")]
    [InlineData("--vmm", "bogus")]
    [InlineData("--guest-mode", "ring7", "--vmm", "trap-and-emulate")]
    public void BadUsageExitsWith2WithoutAStackTrace(params string[] options)
    {
        var run = Virt.Run(["prove", Spec("pg74.yaml"), .. options]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
    }

    [Fact]
    public void ABrokenSpecIsReportedAtItsLocation()
    {
        var broken = Path.Combine(Repo.BrokenSpecs, "mode-map-unknown-mode.yaml");
        var run = Virt.Run("prove", broken, "--vmm", "trap-and-emulate");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("mode-map-unknown-mode.yaml:29:21: unknown mode 'kernel' in vmm.mode_map", run.Error);
    }
}
