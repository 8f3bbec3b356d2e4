using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Reports;

/// <summary>
/// The analysis as JSON for other tools (format: json-report.schema.json). It carries no timings, so the
/// same spec always gives the same bytes and a report can be kept as a snapshot or diffed in review.
/// </summary>
public static class JsonReport
{
    public const int SchemaVersion = 3;

    internal static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Reports are files, never embedded in HTML, so "→" and "<" stay readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ReportJsonContext.Default,
    };

    /// <summary>The JSON Schema of this format (json-report.schema.json).</summary>
    public static string Schema { get; } = EmbeddedSchema.Read("json-report.schema.json");

    /// <summary>
    /// Renders the analysis. Without <paramref name="witnesses"/> each positive answer keeps only its
    /// one-line reason; critical instructions keep their full witnesses regardless, because they are the
    /// findings a reader has to act on.
    /// </summary>
    public static string Write(SpecClassification result, RunMetadata metadata, bool witnesses)
    {
        var document = new JsonReportDocument(
            SchemaVersion,
            "virt",
            Run(metadata),
            result.Isa,
            ReportText.Path(result.File),
            new JsonVmm(result.SupervisorMode, result.GuestSupervisorMode, result.GuestUserMode, result.Keeps),
            result.Statistics.Queries,
            result.Theorems.Select(Theorem).ToList(),
            result.Instructions.Select(i => Instruction(result, i, witnesses || i.IsCritical)).ToList());
        return ReportJson.Serialize(document, Options) + "\n";
    }

    private static JsonRun Run(RunMetadata metadata) => new(
        metadata.ToolVersion,
        metadata.Z3Version,
        metadata.SpecHash,
        metadata.TimeoutMilliseconds == Analyzer.Solving.SolverLimits.NoTimeout ? null : metadata.TimeoutMilliseconds,
        metadata.ResourceLimit,
        metadata.IsPartial ? metadata.Only : null);


    private static JsonTheorem Theorem(TheoremVerdict verdict) =>
        new(verdict.Theorem, ReportText.Word(verdict.Holds), verdict.Explanation, verdict.Culprits);

    private static JsonInstruction Instruction(SpecClassification result, InstructionClassification instruction, bool witnesses) => new(
        instruction.Name,
        instruction.Mnemonic,
        Location(instruction.Location),
        instruction.IcedCodes,
        ReportText.Word(instruction.Class),
        ReportText.Reason(instruction),
        instruction.ReadsClock,
        PrivilegedIn(result, instruction),
        instruction.AllProperties.Select(p => Property(p, witnesses)).ToList(),
        instruction.Claims.Select(c => new JsonClaim(c.Claim, ReportText.Word(c.Status), Location(c.Location))).ToList());

    private static List<JsonModeAnswer> PrivilegedIn(SpecClassification result, InstructionClassification instruction)
    {
        var answers = new List<JsonModeAnswer> { new(result.GuestSupervisorMode, instruction.Privileged.Property, ReportText.Word(instruction.Privileged.Answer)) };
        if (result.GuestUserMode != result.GuestSupervisorMode)
        {
            answers.Add(new(result.GuestUserMode, instruction.PrivilegedInGuestUser.Property, ReportText.Word(instruction.PrivilegedInGuestUser.Answer)));
        }

        return answers;
    }

    private static JsonLocation Location(SourceLocation location) =>
        new(ReportText.Path(location.File), location.Line, location.Column);

    private static JsonProperty Property(PropertyResult property, bool witnesses) => new(
        property.Property,
        ReportText.Word(property.Answer),
        property.Explanation,
        property.Witness?.Reason,
        witnesses && property.Witness is { } w ? Witness(w) : null);

    private static JsonWitness Witness(Witness witness) => new(
        witness.Resource,
        Values(witness.Operands),
        witness.States.Select(s => new JsonWitnessState(s.Label, s.Mode, s.Outcome, s.Changes, Values(s.Registers), Values(s.MemoryRead))).ToList());

    private static JsonObject Values(ImmutableArray<NamedValue> values)
    {
        var map = new JsonObject();
        foreach (var value in values)
        {
            map[value.Name] = Hex.Format(value.Value);
        }

        return map;
    }
}
