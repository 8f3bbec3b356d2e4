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

    /// <summary>Relative artifact URIs resolve against this base: the folder virt ran in, normally the repository root.</summary>
    public const string SourceRoot = "SRCROOT";

    private static readonly (string Id, string Name, string Level, string Short, string Full, string Help)[] Rules =
    [
        (CriticalRule, "critical-instruction", "warning", "Critical instruction: sensitive but not privileged",
            "The instruction is control- or behavior-sensitive yet runs without trapping in the guest's mode, so a trap-and-emulate VMM cannot intercept it (Popek and Goldberg's Theorem 1 fails). A VMM must patch it (binary translation) or the hardware must make it exit.",
            "The message gives the witness in one line; `virt explain SPEC INSTRUCTION` shows every property, the question asked and the witness's states. If the instruction should trap, make its body trap in the guest's mode; if the machine really behaves so, the finding stands: record it with `virt baseline` so that only new ones fail a gate."),
        (ClaimRule, "claim-failed", "error", "An expect: claim disagrees with the analysis",
            "The spec claims a property of the instruction that the analysis does not derive from its semantics. Either the claim or the semantics is wrong.",
            "Run `virt explain SPEC INSTRUCTION` to see the witness or proof behind the derived answer, then correct the claim under `expect:` or the instruction's body."),
        (UnknownRule, "unknown-result", "warning", "The solver could not decide a property",
            "Z3 answered unknown (a timeout or resource limit). The property is neither proved nor refuted; raise the limits or simplify the semantics.",
            "Raise `--timeout` or `--rlimit` (0 means no limit), or simplify the instruction's body. A gate (`--baseline`) exits 3 while any answer is unknown."),
    ];

    /// <summary>
    /// Renders the findings. With a <paramref name="comparison"/> (a gated run) each critical finding carries
    /// its baselineState, and the baseline's critical instructions that are no longer critical are listed as absent.
    /// </summary>
    public static string Write(SpecClassification result, RunMetadata metadata, BaselineComparison? comparison = null)
    {
        var results = new JsonArray();
        foreach (var instruction in result.Instructions)
        {
            foreach (var finding in Findings(result.Isa, instruction, comparison))
            {
                results.Add((JsonNode)finding);
            }
        }

        var absentNames = comparison?.CriticalStates.Where(s => s.Value == BaselineState.Absent).Select(s => s.Key) ?? [];
        foreach (var absent in absentNames.Order(StringComparer.Ordinal))
        {
            var now = result.Instructions.FirstOrDefault(i => i.Name == absent);
            var message = now is null ? $"{absent}: critical in the baseline, no longer in the spec" : $"{absent}: critical in the baseline, now {ReportText.Word(now.Class)}";
            var finding = Result(CriticalRule, message, now?.Location ?? new SourceLocation(result.File, 1, 0), Fingerprint(result.Isa, absent));
            finding["level"] = "none";
            finding["baselineState"] = "absent";
            results.Add((JsonNode)finding);
        }

        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject { ["driver"] = Driver(metadata) },
                ["originalUriBaseIds"] = new JsonObject
                {
                    [SourceRoot] = new JsonObject { ["description"] = new JsonObject { ["text"] = "The folder virt was run in; relative spec paths resolve against it (normally the repository root)." } },
                },
                ["results"] = results,
                ["properties"] = Properties(result, metadata),
            }),
        };
        return sarif.ToJsonString(JsonReport.Options) + "\n";
    }

    /// <summary>SHA-256 of the identity of a finding, as lower-case hex.</summary>
    public static string Fingerprint(params string[] identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("/", identity))));

    private static JsonObject Properties(SpecClassification result, RunMetadata metadata)
    {
        var properties = new JsonObject
        {
            ["z3Version"] = metadata.Z3Version,
            ["specHash"] = metadata.SpecHash,
            ["timeout"] = metadata.TimeoutText,
            ["resourceLimit"] = metadata.ResourceLimitText,
            ["supervisorMode"] = result.SupervisorMode,
            ["guestSupervisorMode"] = result.GuestSupervisorMode,
            ["guestUserMode"] = result.GuestUserMode,
            ["keeps"] = result.Keeps,
        };
        if (metadata.IsPartial)
        {
            properties["only"] = new JsonArray(metadata.Only.Select(n => (JsonNode)n).ToArray());
        }

        return properties;
    }

    private static JsonObject Driver(RunMetadata metadata)
    {
        var rules = new JsonArray();
        foreach (var rule in Rules)
        {
            rules.Add((JsonNode)new JsonObject
            {
                ["id"] = rule.Id,
                ["name"] = rule.Name,
                ["shortDescription"] = new JsonObject { ["text"] = rule.Short },
                ["fullDescription"] = new JsonObject { ["text"] = rule.Full },
                ["help"] = new JsonObject { ["text"] = rule.Help, ["markdown"] = rule.Help },
                ["defaultConfiguration"] = new JsonObject { ["level"] = rule.Level },
            });
        }

        return new JsonObject
        {
            ["name"] = "virt",
            ["version"] = metadata.ToolVersion,
            ["semanticVersion"] = metadata.ToolVersion,
            ["informationUri"] = RunMetadata.InformationUri,
            ["rules"] = rules,
        };
    }

    private static IEnumerable<JsonObject> Findings(string isa, InstructionClassification instruction, BaselineComparison? comparison)
    {
        if (instruction.IsCritical)
        {
            var finding = Result(CriticalRule, ReportText.Reason(instruction), instruction.Location, Fingerprint(isa, instruction.Name));
            if (comparison?.CriticalStates.GetValueOrDefault(instruction.Name) is { } state)
            {
                finding["baselineState"] = state.ToString().ToLowerInvariant();
            }

            yield return finding;
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
                    ["artifactLocation"] = ArtifactLocation(location.File),
                    ["region"] = region,
                },
            }),
            ["partialFingerprints"] = new JsonObject { [FingerprintKey] = fingerprint },
        };
    }

    // SARIF wants a URI reference: a relative path, with '/' separators and each segment escaped, resolved
    // against SRCROOT, so that code-scanning UIs find it in the repository; a path outside the folder virt
    // ran in stays an absolute file: URI.
    private static JsonObject ArtifactLocation(string path)
    {
        var relative = System.IO.Path.IsPathRooted(path) ? System.IO.Path.GetRelativePath(Directory.GetCurrentDirectory(), path) : path;
        if (System.IO.Path.IsPathRooted(relative) || relative.StartsWith("..", StringComparison.Ordinal))
        {
            return new JsonObject { ["uri"] = new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri };
        }

        return new JsonObject
        {
            ["uri"] = string.Join('/', ReportText.Path(relative).Split('/').Select(System.Uri.EscapeDataString)),
            ["uriBaseId"] = SourceRoot,
        };
    }
}
