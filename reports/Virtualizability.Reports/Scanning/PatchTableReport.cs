using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Scanning;

namespace Virtualizability.Reports.Scanning;

/// <summary>The side table of `virt patch` as JSON: the input and output by hash, and each patched instruction.</summary>
public static class PatchTableReport
{
    public const int SchemaVersion = 1;

    public static string Write(string input, ReadOnlyMemory<byte> original, string output, byte[] patched, string spec, IEnumerable<PatchEntry> entries)
    {
        var document = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["tool"] = "virt",
            ["kind"] = "patch-table",
            ["input"] = new JsonObject { ["path"] = input.Replace('\\', '/'), ["sha256"] = Sha256(original) },
            ["output"] = new JsonObject { ["path"] = output.Replace('\\', '/'), ["sha256"] = Sha256(patched) },
            ["spec"] = spec,
            ["trap"] = "int3 (cc), padded with int3 to the instruction's length",
            ["patches"] = new JsonArray(entries.Select(e =>
            {
                var o = new JsonObject
                {
                    ["fileOffset"] = e.FileOffset,
                    ["address"] = Hex.Format(e.Address),
                    ["length"] = e.Original.Length,
                    ["originalBytes"] = Convert.ToHexStringLower(e.Original.AsSpan()),
                    ["text"] = e.Text,
                    ["instruction"] = e.Instruction,
                    ["class"] = ScanJsonReport.ClassWord(e.Class),
                    ["region"] = e.Region,
                };
                if (e.Symbol is not null)
                {
                    o["symbol"] = e.Symbol;
                }

                return (JsonNode)o;
            }).ToArray()),
        };
        return document.ToJsonString(JsonReport.Options) + "\n";
    }

    private static string Sha256(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
}
