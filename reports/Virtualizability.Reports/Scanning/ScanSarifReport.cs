using System.Text.Json.Nodes;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Scanning;

namespace Virtualizability.Reports.Scanning;

/// <summary>
/// Scan findings as SARIF 2.1.0: each binary is an artifact, each finding a result at a byte-offset region
/// of it, under one rule per class. The fingerprint names the file, the containing function (or section),
/// the instruction text and its occurrence there, so it survives relinking that moves code around.
/// </summary>
public static class ScanSarifReport
{
    public const string CriticalRule = "VIRT101";
    public const string SensitiveRule = "VIRT102";
    public const string FingerprintKey = "virtBinaryInstruction/v1";

    public static string Write(ScanResult scan)
    {
        var files = scan.Files.Select(f => f.Path.Replace('\\', '/')).Distinct().ToList();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var results = new JsonArray();
        foreach (var finding in scan.Findings)
        {
            var place = $"{Path.GetFileName(finding.File)}/{finding.Symbol ?? finding.Region}/{finding.Text}";
            occurrences[place] = occurrences.GetValueOrDefault(place) + 1;
            results.Add((JsonNode)Result(finding, files.IndexOf(finding.File.Replace('\\', '/')), SarifReport.Fingerprint(place, occurrences[place].ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = Driver() },
                ["artifacts"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject { ["location"] = new JsonObject { ["uri"] = f } }).ToArray()),
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(JsonReport.Options) + "\n";
    }

    private static JsonObject Result(Finding finding, int artifact, string fingerprint)
    {
        var critical = finding.Verdict.Class == InstructionClass.Critical;
        var where = finding.Symbol is null ? finding.Region : $"{finding.Symbol} ({finding.Region})";
        return new JsonObject
        {
            ["ruleId"] = critical ? CriticalRule : SensitiveRule,
            ["level"] = critical ? "warning" : "note",
            ["message"] = new JsonObject
            {
                ["text"] = $"{finding.Text} at {Hex.Format(finding.Address)} in {where} is {ScanJsonReport.ClassWord(finding.Verdict.Class)} ({finding.Verdict.Instruction}): {finding.Verdict.Reason}",
            },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = finding.File.Replace('\\', '/'), ["index"] = artifact },
                    ["region"] = new JsonObject { ["byteOffset"] = finding.FileOffset, ["byteLength"] = finding.Bytes.Length },
                },
            }),
            ["partialFingerprints"] = new JsonObject { [FingerprintKey] = fingerprint },
        };
    }

    private static JsonObject Driver() => new()
    {
        ["name"] = "virt",
        ["informationUri"] = RunMetadata.InformationUri,
        ["rules"] = new JsonArray(
            Rule(CriticalRule, "critical-instruction-in-binary", "warning", "Critical instruction in machine code",
                "The analysis of the ISA spec finds this instruction sensitive but not privileged: it runs in a deprivileged guest without trapping, so a trap-and-emulate VMM never sees it. A scan-and-patch VMM must replace it (virt patch)."),
            Rule(SensitiveRule, "sensitive-instruction-in-binary", "note", "Sensitive instruction in machine code",
                "The analysis finds this instruction control- or behavior-sensitive (reported with --all-sensitive); if it is privileged, a VMM sees it through a trap.")),
    };

    private static JsonObject Rule(string id, string name, string level, string brief, string full) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["shortDescription"] = new JsonObject { ["text"] = brief },
        ["fullDescription"] = new JsonObject { ["text"] = full },
        ["defaultConfiguration"] = new JsonObject { ["level"] = level },
    };
}
