using System.Text.Json.Nodes;

namespace Virtualizability.Reports;

// The shape of the JSON report, documented in json-report.schema.json. A change here is a change to a
// published format: bump JsonReport.SchemaVersion and the schema together.

internal sealed record JsonReportDocument(
    int SchemaVersion,
    string Tool,
    JsonRun Run,
    string Isa,
    string File,
    JsonVmm Vmm,
    int Queries,
    IReadOnlyList<JsonTheorem> Theorems,
    IReadOnlyList<JsonInstruction> Instructions);

// Limits are null when there is none, so a reader need not know Z3's sentinel values.
internal sealed record JsonRun(
    string ToolVersion,
    string Z3Version,
    string SpecHash,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] uint? TimeoutMilliseconds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] uint? ResourceLimit,
    IReadOnlyList<string>? Only);

internal sealed record JsonVmm(string SupervisorMode, string GuestSupervisorMode, string GuestUserMode, string Keeps);

internal sealed record JsonTheorem(string Name, string Holds, string Explanation, IReadOnlyList<string> Culprits);

internal sealed record JsonLocation(string File, int Line, int Column);

internal sealed record JsonInstruction(
    string Name,
    string? Mnemonic,
    JsonLocation Location,
    IReadOnlyList<string> IcedCodes,
    string Class,
    string Reason,
    bool ReadsClock,
    IReadOnlyList<JsonModeAnswer> PrivilegedIn,
    IReadOnlyList<JsonProperty> Properties,
    IReadOnlyList<JsonClaim> Claims);

internal sealed record JsonProperty(string Property, string Answer, string Explanation, string? Reason, JsonWitness? Witness);

// Register, memory and operand values are maps from name to a hex string: spec order is kept (JsonObject
// preserves insertion order) and 64-bit values survive readers that parse numbers as doubles.
internal sealed record JsonWitness(string? Resource, JsonObject Operands, IReadOnlyList<JsonWitnessState> States);

internal sealed record JsonWitnessState(
    string Label,
    string Mode,
    string Outcome,
    IReadOnlyList<string> Changes,
    JsonObject Registers,
    JsonObject MemoryRead);

// The privileged question asked for one deprivileged mode: the guest supervisor mode (Theorem 1) and,
// where it differs, the guest user mode (Theorem 3).
internal sealed record JsonModeAnswer(string Mode, string Property, string Answer);

internal sealed record JsonClaim(string Claim, string Status, JsonLocation Location);
