using System.Text.Json.Nodes;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Scanning;

namespace Virtualizability.Reports.Scanning;

/// <summary>
/// A scan as JSON (format: scan-report.schema.json). No timings and no absolute machine state, so the same
/// inputs and spec give the same bytes.
/// </summary>
public static class ScanJsonReport
{
    public const int SchemaVersion = 1;

    public static string Schema { get; } = EmbeddedSchema.Read("scan-report.schema.json");

    public static string Write(ScanResult scan)
    {
        var document = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["tool"] = "virt",
            ["kind"] = "scan",
            ["allSensitive"] = scan.AllSensitive,
            ["files"] = new JsonArray(scan.Files.Select(File).ToArray<JsonNode?>()),
            ["findings"] = new JsonArray(scan.Findings.Select(Finding).ToArray<JsonNode?>()),
            ["findingsByMnemonic"] = Counts(scan.FindingsByMnemonic),
            ["findingsByRegion"] = Counts(scan.FindingsByRegion),
            ["unclaimedByMnemonic"] = Counts(scan.UnclaimedByMnemonic),
        };
        return document.ToJsonString(JsonReport.Options) + "\n";
    }

    public static string ClassWord(InstructionClass c) => c == InstructionClass.AlwaysTraps ? "always-traps" : c.ToString().ToLowerInvariant();

    private static JsonObject File(FileScan file) => new()
    {
        ["path"] = file.Path.Replace('\\', '/'),
        ["format"] = file.Format,
        ["bitness"] = file.Bitness,
        ["spec"] = file.Spec,
        ["specFile"] = file.SpecFile.Replace('\\', '/'),
        ["bytes"] = file.Bytes,
        ["instructions"] = file.Instructions,
        ["invalidDecodes"] = file.InvalidDecodes,
        ["regions"] = new JsonArray(file.Regions.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Region.Name,
            ["address"] = Hex.Format(r.Region.Address),
            ["fileOffset"] = r.Region.FileOffset,
            ["length"] = r.Region.Length,
            ["instructions"] = r.Instructions,
            ["invalidDecodes"] = r.InvalidDecodes,
            ["findings"] = r.Findings.Length,
        }).ToArray()),
    };

    private static JsonObject Finding(Finding f)
    {
        var o = new JsonObject
        {
            ["file"] = f.File.Replace('\\', '/'),
            ["region"] = f.Region,
            ["address"] = Hex.Format(f.Address),
            ["fileOffset"] = f.FileOffset,
            ["bytes"] = Convert.ToHexStringLower(f.Bytes.AsSpan()),
            ["text"] = f.Text,
            ["mnemonic"] = f.Mnemonic,
            ["instruction"] = f.Verdict.Instruction,
            ["class"] = ClassWord(f.Verdict.Class),
            ["kinds"] = f.Verdict.Kinds,
            ["reason"] = f.Verdict.Reason,
        };
        if (f.Symbol is not null)
        {
            o["symbol"] = f.Symbol;
        }

        return o;
    }

    private static JsonObject Counts(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var o = new JsonObject();
        foreach (var (key, value) in counts)
        {
            o[key] = value;
        }

        return o;
    }
}
