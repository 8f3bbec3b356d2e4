using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Reports;

/// <summary>
/// The findings as SARIF 2.1.0, for code-scanning UIs that annotate the YAML spec: critical instructions,
/// failed <c>expect:</c> claims and unknown answers, each at its line, with a fingerprint that survives
/// edits elsewhere in the file so that a finding keeps its identity across commits.
/// </summary>
public static class SarifReport
{
    public const string CriticalRule = "VIRT001";
    public const string ClaimRule = "VIRT002";
    public const string UnknownRule = "VIRT003";
    public const string FingerprintKey = "virtInstruction/v1";

    private static readonly (string Id, string Name, string Level, string Short, string Full)[] Rules =
    [
        (CriticalRule, "critical-instruction", "warning", "Critical instruction: sensitive but not privileged",
            "The instruction is control- or behavior-sensitive yet runs without trapping in the guest's mode, so a trap-and-emulate VMM cannot intercept it (Popek and Goldberg's Theorem 1 fails). A VMM must patch it (binary translation) or the hardware must make it exit."),
        (ClaimRule, "claim-failed", "error", "An expect: claim disagrees with the analysis",
            "The spec claims a property of the instruction that the analysis does not derive from its semantics. Either the claim or the semantics is wrong."),
        (UnknownRule, "unknown-result", "warning", "The solver could not decide a property",
            "Z3 answered unknown (a timeout or resource limit). The property is neither proved nor refuted; raise the limits or simplify the semantics."),
    ];

    public static string Write(SpecClassification result)
    {
        var results = new JsonArray();
        foreach (var instruction in result.Instructions)
        {
            foreach (var finding in Findings(result.Isa, instruction))
            {
                results.Add(finding);
            }
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = Driver() },
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(JsonReport.Options) + "\n";
    }

    /// <summary>SHA-256 of the identity of a finding, as lower-case hex.</summary>
    public static string Fingerprint(params string[] identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("/", identity))));

    private static JsonObject Driver()
    {
        var rules = new JsonArray();
        foreach (var rule in Rules)
        {
            rules.Add(new JsonObject
            {
                ["id"] = rule.Id,
                ["name"] = rule.Name,
                ["shortDescription"] = new JsonObject { ["text"] = rule.Short },
                ["fullDescription"] = new JsonObject { ["text"] = rule.Full },
                ["defaultConfiguration"] = new JsonObject { ["level"] = rule.Level },
            });
        }

        return new JsonObject
        {
            ["name"] = "virt",
            ["rules"] = rules,
        };
    }

    private static IEnumerable<JsonObject> Findings(string isa, InstructionClassification instruction)
    {
        if (instruction.IsCritical)
        {
            yield return Result(CriticalRule, ReportText.Reason(instruction), instruction.Location, Fingerprint(isa, instruction.Name));
        }

        foreach (var claim in instruction.Claims.Where(c => c.Fails))
        {
            var message = $"{instruction.Name}: expect: {claim.Claim} does not hold; the analysis finds it {ReportText.Word(instruction.Class)}";
            yield return Result(ClaimRule, message, claim.Location, Fingerprint(isa, instruction.Name, "claim", claim.Claim));
        }

        foreach (var property in instruction.AllProperties.Where(p => p.Answer == Answer.Unknown))
        {
            var message = $"{instruction.Name}: {property.Property} is unknown: {property.Explanation}";
            yield return Result(UnknownRule, message, instruction.Location, Fingerprint(isa, instruction.Name, property.Property));
        }
    }

    private static JsonObject Result(string ruleId, string message, SourceLocation location, string fingerprint)
    {
        var region = new JsonObject { ["startLine"] = Math.Max(location.Line, 1) };
        if (location.Column > 0)
        {
            region["startColumn"] = location.Column;
        }

        return new JsonObject
        {
            ["ruleId"] = ruleId,
            ["ruleIndex"] = Array.FindIndex(Rules, r => r.Id == ruleId),
            ["level"] = Rules.First(r => r.Id == ruleId).Level,
            ["message"] = new JsonObject { ["text"] = message },
            ["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = ArtifactUri(location.File) },
                    ["region"] = region,
                },
            }),
            ["partialFingerprints"] = new JsonObject { [FingerprintKey] = fingerprint },
        };
    }

    // SARIF wants a URI reference: a relative path as given, with '/' separators and each segment escaped,
    // so that it resolves against the repository root in code-scanning UIs; an absolute path as file: URI.
    private static string ArtifactUri(string path) =>
        System.IO.Path.IsPathRooted(path)
            ? new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri
            : string.Join('/', ReportText.Path(path).Split('/').Select(System.Uri.EscapeDataString));
}
