using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 7: each report records the tool and Z3 versions, the limits, the guest modes and the spec's content hash.</summary>
public sealed class MetadataTests
{
    private static string ExpectedHash(string file)
    {
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n{text.Length}\n{text}")));
    }

    private static string Version() => Virt.Run("--version").OutputLines.First()["virt ".Length..];

    private static string Z3() => Virt.Run("--version").OutputLines.Last()["Z3 ".Length..];

    [Fact]
    public void JsonRecordsTheRun()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "-f", "json", "--timeout", "20000", "--rlimit", "90000000");

        var report = JsonNode.Parse(run.Output)!;
        Assert.Equal(Version(), (string?)report["run"]!["toolVersion"]);
        Assert.Equal(Z3(), (string?)report["run"]!["z3Version"]);
        Assert.Equal(ExpectedHash(Virt.Spec("pg74.yaml")), (string?)report["run"]!["specHash"]);
        Assert.Equal(20000, (int?)report["run"]!["timeoutMilliseconds"]);
        Assert.Equal(90000000, (int?)report["run"]!["resourceLimit"]);
        Assert.Equal("user", (string?)report["vmm"]!["guestSupervisorMode"]);
    }

    [Fact]
    public void MarkdownRecordsTheRun()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "-f", "markdown");

        Assert.Contains($"| virt | {Version()} |", run.Output);
        Assert.Contains($"| Z3 | {Z3()} |", run.Output);
        Assert.Contains($"| spec content | `{ExpectedHash(Virt.Spec("pg74.yaml"))}` |", run.Output);
        Assert.Contains("| time limit per query | 30000 ms |", run.Output);
        Assert.Contains("| guest supervisor code runs in | `user` |", run.Output);
    }

    [Fact]
    public async Task SarifRecordsTheRunWithRelativeUrisAndBaselineStates()
    {
        using var folder = new TempFolder();
        var baseline = folder.File("b.json");
        Assert.Equal(0, Virt.Run("baseline", Virt.Spec("pg74-virtualizable.yaml"), "-o", baseline).ExitCode);
        var spec = folder.CopySpec("pg74.yaml");
        File.WriteAllText(baseline, File.ReadAllText(baseline).Replace("pg74-virtualizable", "pg74"));

        // Relative to the folder virt runs in: a real process in that folder, not a change of this one's.
        using var virt = VirtProcess.Start(folder.Path, "analyze", "pg74.yaml", "--baseline", "b.json", "-f", "sarif");
        var error = virt.StandardError.ReadToEndAsync();
        var output = await virt.StandardOutput.ReadToEndAsync();
        await virt.WaitForExitAsync();
        var run = new VirtRun(virt.ExitCode, output, await error);

        Assert.True(run.ExitCode == 1, run.ToString());
        var sarif = JsonNode.Parse(run.Output)!["runs"]![0]!;
        var driver = sarif["tool"]!["driver"]!;
        Assert.Equal(Version(), (string?)driver["version"]);
        Assert.Equal(Version(), (string?)driver["semanticVersion"]);
        Assert.NotNull((string?)driver["informationUri"]);
        Assert.All(driver["rules"]!.AsArray(), r => Assert.NotNull((string?)r!["help"]!["text"]));
        Assert.NotNull(sarif["originalUriBaseIds"]!["SRCROOT"]);
        Assert.Equal(ExpectedHash(spec), (string?)sarif["properties"]!["specHash"]);
        Assert.Equal(Z3(), (string?)sarif["properties"]!["z3Version"]);
        var critical = sarif["results"]!.AsArray().Where(r => (string?)r!["ruleId"] == "VIRT001").ToList();
        Assert.Equal(["new", "new"], critical.Select(r => (string?)r!["baselineState"]));
        Assert.All(critical, r => Assert.Equal("pg74.yaml", (string?)r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]));
        Assert.All(critical, r => Assert.Equal("SRCROOT", (string?)r!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uriBaseId"]));
    }
}
