using System.Text.Json.Nodes;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class SarifReportTests
{
    [Theory]
    [InlineData("isa-specs/pg74.yaml")]
    [InlineData("isa-specs/x86-32.yaml")]
    public void OneCriticalResultPerCriticalInstructionAtItsLine(string spec)
    {
        var result = Specs.Classified(spec);
        var findings = Results(SarifReport.Write(result, Samples.Metadata)).Where(r => (string?)r["ruleId"] == SarifReport.CriticalRule).ToList();
        var critical = result.Instructions.Where(i => i.IsCritical).ToList();

        Assert.NotEmpty(critical);
        Assert.Equal(critical.Count, findings.Count);
        foreach (var (instruction, finding) in critical.Zip(findings))
        {
            var location = finding["locations"]![0]!["physicalLocation"]!;
            Assert.Equal(new Uri(instruction.Location.File).AbsoluteUri, (string?)location["artifactLocation"]!["uri"]);
            Assert.Equal(instruction.Location.Line, (int?)location["region"]!["startLine"]);
            Assert.Equal(instruction.Location.Column, (int?)location["region"]!["startColumn"]);
            Assert.Equal(ReportText.Reason(instruction), (string?)finding["message"]!["text"]);
            Assert.Equal(SarifReport.Fingerprint(result.Isa, instruction.Name), (string?)finding["partialFingerprints"]![SarifReport.FingerprintKey]);
        }
    }

    [Fact]
    public void FingerprintIsSha256HexOfIsaAndName()
    {
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("pg74/RDMODE"u8)),
            SarifReport.Fingerprint("pg74", "RDMODE"));
    }

    [Fact]
    public void HeaderAndRulesAreSarif210WithStableIds()
    {
        var sarif = JsonNode.Parse(SarifReport.Write(Samples.Toy(), Samples.Metadata))!;
        var driver = sarif["runs"]![0]!["tool"]!["driver"]!;

        Assert.Equal("2.1.0", (string?)sarif["version"]);
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", (string?)sarif["$schema"]);
        Assert.Equal("virt", (string?)driver["name"]);
        Assert.Equal(["VIRT001", "VIRT002", "VIRT003"], driver["rules"]!.AsArray().Select(r => (string?)r!["id"]));
        Assert.Equal(["critical-instruction", "claim-failed", "unknown-result"], driver["rules"]!.AsArray().Select(r => (string?)r!["name"]));
        Assert.Equal(Samples.Metadata.ToolVersion, (string?)driver["version"]);
        Assert.Equal(Samples.Metadata.ToolVersion, (string?)driver["semanticVersion"]);
        Assert.StartsWith("https://", (string?)driver["informationUri"]);
        Assert.All(driver["rules"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty((string?)r!["help"]!["text"])));
    }

    [Fact]
    public void RunRecordsTheMetadataAndRelativeUrisResolveAgainstSrcRoot()
    {
        var run = JsonNode.Parse(SarifReport.Write(Samples.Toy(), Samples.Metadata))!["runs"]![0]!;

        Assert.NotNull(run["originalUriBaseIds"]![SarifReport.SourceRoot]);
        var artifact = run["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!;
        Assert.Equal(Samples.File, (string?)artifact["uri"]);
        Assert.Equal(SarifReport.SourceRoot, (string?)artifact["uriBaseId"]);
        Assert.Equal(Samples.Metadata.SpecHash, (string?)run["properties"]!["specHash"]);
        Assert.Equal("usr", (string?)run["properties"]!["guestSupervisorMode"]);
        Assert.Equal("30000 ms", (string?)run["properties"]!["timeout"]);
    }

    [Fact]
    public void AGatedRunGivesEachCriticalFindingItsBaselineState()
    {
        var old = Samples.Baseline("toy", ["NOP"], []);
        var comparison = BaselineComparison.Compare(old, Samples.Toy());

        var critical = Results(SarifReport.Write(Samples.Toy(), Samples.Metadata, comparison)).Where(r => (string?)r["ruleId"] == SarifReport.CriticalRule).ToList();

        Assert.Equal("new", (string?)critical.Single(r => ((string?)r["message"]!["text"])!.StartsWith("RDM", StringComparison.Ordinal))["baselineState"]);
        var absent = Assert.Single(critical, r => (string?)r["baselineState"] == "absent");
        Assert.StartsWith("NOP: critical in the baseline, now innocuous", (string?)absent["message"]!["text"]);
        Assert.All(Results(SarifReport.Write(Samples.Toy(), Samples.Metadata)), r => Assert.Null(r["baselineState"]));
    }

    [Fact]
    public void FailedClaimIsReportedAtTheClaimAndUnknownAtTheInstruction()
    {
        var results = Results(SarifReport.Write(Samples.Toy(), Samples.Metadata));

        var claim = Assert.Single(results, r => (string?)r["ruleId"] == SarifReport.ClaimRule);
        Assert.Equal(25, (int?)claim["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]);
        Assert.Equal(14, (int?)claim["locations"]![0]!["physicalLocation"]!["region"]!["startColumn"]);
        Assert.Equal(1, (int?)claim["ruleIndex"]);
        Assert.Contains("RDM", (string?)claim["message"]!["text"]);

        var unknown = Assert.Single(results, r => (string?)r["ruleId"] == SarifReport.UnknownRule);
        Assert.Equal(40, (int?)unknown["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]);
        Assert.Contains("timeout", (string?)unknown["message"]!["text"]);
    }

    [Fact]
    public void FingerprintsAreDistinct()
    {
        var fingerprints = Results(SarifReport.Write(Specs.Classified("isa-specs/x86-32.yaml"), Samples.Metadata))
            .Select(r => (string?)r["partialFingerprints"]![SarifReport.FingerprintKey])
            .ToList();

        Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
    }

    private static List<JsonNode> Results(string sarif) =>
        JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().Select(r => r!).ToList();
}
