using System.Text.Json.Nodes;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 5: options are checked against the spec and documented; formats are forgiving; validate takes several files and "-".</summary>
public sealed class OptionTests
{
    [Theory]
    [InlineData("pg74.yaml", "--guest-mode", "supervisor", "virt: guest mode 'supervisor' is pg74's real supervisor mode, where the VMM itself runs: a guest there would not be deprivileged (expected one of user)")]
    [InlineData("pg74.yaml", "--guest-mode", "ring1", "virt: pg74 has no mode 'ring1': expected one of user")]
    [InlineData("pg74.yaml", "--guest-ring", "1", "virt: --guest-ring 1: pg74 has no rings; use --guest-mode (expected one of user)")]
    [InlineData("x86-32.yaml", "--guest-mode", "ring0", "virt: guest mode 'ring0' is x86-32's real supervisor mode, where the VMM itself runs: a guest there would not be deprivileged (expected one of ring1, ring3)")]
    [InlineData("x86-32.yaml", "--guest-mode", "ring2", "virt: x86-32 does not run guest supervisor code in 'ring2': expected one of ring1, ring3")]
    [InlineData("pg74.yaml", "--jobs", "0", "virt: --jobs must be 1 or more, not 0")]
    [InlineData("pg74.yaml", "--color", "sometimes", "virt: --color takes auto, always or never, not 'sometimes'")]
    [InlineData("pg74.yaml", "--format", "pdf", "virt: unknown format 'pdf': expected one of table, markdown, json, sarif, html")]
    public void AnOptionThatDoesNotFitIsRefusedWithTheChoices(string spec, string option, string value, string expected)
    {
        var run = Virt.Run("analyze", Virt.Spec(spec), option, value);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal([expected], run.ErrorLines);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void GuestModeIsInTheHelp()
    {
        var run = Virt.Run("analyze", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--guest-mode", run.Output);
        Assert.Contains("0 means no limit", run.Output);
    }

    [Fact]
    public void JobsAboveTheCoreCountAreClampedWithANote()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74-virtualizable.yaml"), "--jobs", "1000", "-f", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"virt: note: --jobs 1000 is more than the {Environment.ProcessorCount} cores; using {Environment.ProcessorCount}", run.ErrorLines);
    }

    [Fact]
    public void ZeroLimitsMeanNoLimitAndAreRecordedSo()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74-virtualizable.yaml"), "--timeout", "0", "--rlimit", "0", "-f", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonNode.Parse(run.Output)!;
        Assert.Null(report["run"]!["timeoutMilliseconds"]);
        Assert.Null(report["run"]!["resourceLimit"]);
        Assert.Equal("yes", (string?)report["theorems"]![0]!["holds"]);
    }

    [Theory]
    [InlineData("report.json", null, "{")]
    [InlineData("report.md", null, "# Virtualizability of pg74-virtualizable")]
    [InlineData("report.sarif", null, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"")]
    [InlineData("report.txt", null, "pg74-virtualizable")]
    [InlineData("report.out", "JSON", "{")]
    [InlineData("report.json", "Markdown", "# Virtualizability")]
    public void TheFormatFollowsTheExtensionUnlessGivenInAnyCase(string file, string? format, string start)
    {
        using var folder = new TempFolder();
        string[] args = ["analyze", Virt.Spec("pg74-virtualizable.yaml"), "-o", folder.File(file)];

        var run = Virt.Run(format is null ? args : [.. args, "-f", format]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(start, File.ReadAllText(folder.File(file)));
        Assert.Equal([file], folder.Snapshot().Keys);
    }

    [Fact]
    public void ValidateTakesSeveralFilesAndStandardInput()
    {
        var good = Virt.Spec("pg74.yaml");
        var bad = Path.Combine(Repo.BrokenSpecs, "width-mismatch-operator.yaml");

        var run = Virt.RunWithInput(File.ReadAllText(good), "validate", good, "-", bad);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{good}: valid ISA description 'pg74'", run.OutputLines);
        Assert.Contains("<stdin>: valid ISA description 'pg74'", run.OutputLines);
        Assert.Contains("2 of 3 specs valid", run.OutputLines);
        Assert.Contains(run.ErrorLines, l => l.StartsWith($"{bad}:34:21: width mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorsInStandardInputAreLocatedAtStdin()
    {
        var run = Virt.RunWithInput(File.ReadAllText(Path.Combine(Repo.BrokenSpecs, "width-mismatch-operator.yaml")), "validate", "-");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("<stdin>:34:21: width mismatch", run.Error);
        Assert.DoesNotContain("virt-stdin", run.Error);
    }
}
