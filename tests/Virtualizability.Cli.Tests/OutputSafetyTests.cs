using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 3: -o never overwrites an input, is checked before the analysis, and a failed run leaves it as it was.</summary>
public sealed class OutputSafetyTests
{
    [Fact]
    public void OutputOntoTheSpecIsRefusedAndTheSpecIsUntouched()
    {
        using var folder = new TempFolder();
        var spec = folder.CopySpec("pg74.yaml");
        var before = folder.Snapshot();

        var run = Virt.Run("analyze", spec, "-o", spec);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"virt: -o '{spec}' is an input of this run: it would be overwritten; write to another file", run.ErrorLines.Single());
        Assert.Equal(before, folder.Snapshot());
    }

    [Fact]
    public void OutputOntoAFileTheSpecExtendsIsRefused()
    {
        using var folder = new TempFolder();
        folder.CopySpec("pg74.yaml");
        var variant = folder.CopySpec("pg74-virtualizable.yaml");
        var before = folder.Snapshot();

        var run = Virt.Run("analyze", variant, "-f", "json", "-o", folder.File("pg74.yaml"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("is an input of this run", run.Error);
        Assert.Equal(before, folder.Snapshot());
    }

    [Fact]
    public void OutputOntoTheBaselineIsRefused()
    {
        using var folder = new TempFolder();
        var baseline = folder.File("baseline.json");
        File.WriteAllText(baseline, "{}");

        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "--baseline", baseline, "-o", baseline);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("{}", File.ReadAllText(baseline));
    }

    [Theory]
    [InlineData("missing/out.json", "the folder 'FOLDER/missing' does not exist; create it first")]
    [InlineData("/proc/x", "no permission to create files in that folder")]
    [InlineData(".", "is a folder: give a file name")]
    public void AnUnwritableOutputIsRefusedBeforeTheAnalysis(string output, string message)
    {
        using var folder = new TempFolder();
        var path = output.StartsWith('/') ? output : output == "." ? folder.Path : folder.File(output);

        // x86-32 takes minutes to analyse: a refusal that comes back at all shows that it came first.
        var run = Virt.Run("analyze", Virt.Spec("x86-32.yaml"), "-o", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message.Replace("FOLDER", folder.Path), run.ErrorLines.Single());
        Assert.DoesNotContain(".tmp", run.Error);
        Assert.Empty(folder.Snapshot());
    }

    [Theory]
    [InlineData("bad-option")]
    [InlineData("bad-spec")]
    [InlineData("other-isa-baseline")]
    [InlineData("vacuous-premise")]
    public void AFailedRunLeavesAnExistingOutputUntouched(string failure)
    {
        using var folder = new TempFolder();
        var output = folder.File("report.json");
        File.WriteAllText(output, "previous report");
        var baseline = folder.File("virtualizable.json");
        Assert.Equal(0, Virt.Run("baseline", Virt.Spec("pg74-virtualizable.yaml"), "-o", baseline).ExitCode);
        string[] args = failure switch
        {
            "bad-option" => ["analyze", Virt.Spec("pg74.yaml"), "--guest-mode", "supervisor", "-o", output],
            "bad-spec" => ["analyze", Path.Combine(Repo.BrokenSpecs, "width-mismatch-operator.yaml"), "-o", output],
            "other-isa-baseline" => ["analyze", Virt.Spec("pg74.yaml"), "--baseline", baseline, "-o", output],
            _ => ["analyze", Path.Combine(Repo.Root, "tests", "Virtualizability.Analyzer.Tests", "TestData", "vacuous", "keeps-excludes-guest-mode.yaml"), "-o", output],
        };

        var run = Virt.Run(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("previous report", File.ReadAllText(output));
        Assert.Equal(["report.json", "virtualizable.json"], folder.Snapshot().Keys);
    }

    [Fact]
    public void ASuccessfulRunReplacesTheOutputWholeAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var output = folder.File("report.json");
        File.WriteAllText(output, "previous report");

        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "-o", output);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("{", File.ReadAllText(output));
        Assert.Equal(["report.json"], folder.Snapshot().Keys);
    }
}
