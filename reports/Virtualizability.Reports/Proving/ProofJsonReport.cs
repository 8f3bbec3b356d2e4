using System.Text.Json;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Proving;

/// <summary>
/// The proof of a VMM design as JSON. Obligations that hold carry their id and result only; a refuted one
/// carries its replayed counterexample (unless <c>details</c> is off: then no concrete value at all, so the
/// document does not depend on which model Z3 returned). No timings.
/// </summary>
public static class ProofJsonReport
{
    public const int SchemaVersion = 1;

    public static string Write(SpecProof proof, bool details = true)
    {
        var document = new JsonProofDocument(
            SchemaVersion,
            "virt prove",
            proof.Isa,
            ReportText.Path(proof.File),
            proof.Design.Name(),
            proof.GuestSupervisorMode,
            proof.Embedding,
            proof.Assumptions,
            new JsonProofVerdict(proof.ExitCode == 0 ? "proved" : proof.ExitCode == 1 ? "refuted" : "unknown", ProofText.Summary(proof)),
            proof.TheoremCheck is { } t ? new JsonTheoremCheck(t.Theorem, t.ExpectedSetName, t.Expected, t.Failing, t.Agrees, t.Differences.Select(d => new JsonDifference(d.Instruction, d.Explanation, details ? d.Evidence : null)).ToList()) : null,
            proof.Design.Patches() ? proof.PatchSet.Select(p => new JsonPatchMember(p.Instruction, p.Needed, p.Explanation, details ? p.Evidence : null)).ToList() : null,
            proof.Design == VmmDesign.Paravirtual ? proof.Hypercalls.Select(h => new JsonHypercall(h.Name, h.Replaces, h.Does)).ToList() : null,
            proof.Hardware is { } h ? new JsonHardware(h.Declared, h.SettingNames, h.Synthesized, h.Found, h.SettingsTried, h.Needs.Select(n => new JsonControlNeed(n.Control, n.Instruction, n.ObligationId, n.Explanation, details ? n.Evidence : null)).ToList()) : null,
            proof.Statistics.Queries + proof.Statistics.ClassificationQueries,
            proof.Instructions.Select(i => Instruction(i, details)).ToList());
        return ReportJson.Serialize(document, JsonReport.Options) + "\n";
    }

    private static JsonProofInstruction Instruction(InstructionProof i, bool details) => new(
        i.Name,
        new JsonLocation(ReportText.Path(i.Location.File), i.Location.Line, i.Location.Column),
        ProofText.Class(i.Class),
        i.Patched,
        ProofText.Verdict(i),
        i.Obligations.Select(o => Obligation(o, details)).ToList());

    private static JsonObligation Obligation(ObligationResult o, bool details) => new(
        o.Obligation.Id,
        ProofText.Word(o.Result),
        o.Result is ProofResult.Proved ? null : ProofText.Line(o, details),
        details && o.Result is ProofResult.Refuted r ? Counterexample(r.Counterexample) : null);

    private static JsonCounterexample Counterexample(Counterexample c) => new(
        c.Reason, c.Resource, Values(c.Operands), State(c.Virtual), State(c.Real));

    private static JsonProofState State(WitnessState s) => new(s.Mode, Values(s.Registers), Values(s.MemoryRead), s.Outcome, s.Changes);

    private static Dictionary<string, string> Values(IEnumerable<NamedValue> values) =>
        values.ToDictionary(v => v.Name, v => Hex.Format(v.Value));
}

internal sealed record JsonProofDocument(
    int SchemaVersion,
    string Tool,
    string Isa,
    string File,
    string Design,
    string GuestSupervisorMode,
    IReadOnlyList<string> Embedding,
    IReadOnlyList<string> Assumptions,
    JsonProofVerdict Verdict,
    JsonTheoremCheck? TheoremCheck,
    IReadOnlyList<JsonPatchMember>? PatchSet,
    IReadOnlyList<JsonHypercall>? Hypercalls,
    JsonHardware? Controls,
    int Queries,
    IReadOnlyList<JsonProofInstruction> Instructions);

internal sealed record JsonProofVerdict(string Result, string Summary);

internal sealed record JsonTheoremCheck(string Theorem, string ExpectedSet, IReadOnlyList<string> Expected, IReadOnlyList<string> Failing, bool Equal, IReadOnlyList<JsonDifference> Differences);

internal sealed record JsonDifference(string Instruction, string Explanation, string? Evidence);

internal sealed record JsonPatchMember(string Instruction, bool Needed, string Explanation, string? Evidence);

internal sealed record JsonHypercall(string Name, string Replaces, string Does);

internal sealed record JsonHardware(IReadOnlyList<string> Declared, IReadOnlyList<string> Setting, bool Synthesized, bool Found, int SettingsTried, IReadOnlyList<JsonControlNeed> Needs);

internal sealed record JsonControlNeed(string Control, string Instruction, string Obligation, string Explanation, string? Evidence);

internal sealed record JsonProofInstruction(string Name, JsonLocation Location, string Class, bool Patched, string Verdict, IReadOnlyList<JsonObligation> Obligations);

internal sealed record JsonObligation(string Id, string Result, string? Text, JsonCounterexample? Counterexample);

internal sealed record JsonCounterexample(string Reason, string Resource, IReadOnlyDictionary<string, string> Operands, JsonProofState Virtual, JsonProofState Real);

internal sealed record JsonProofState(string Mode, IReadOnlyDictionary<string, string> Registers, IReadOnlyDictionary<string, string> Memory, string Outcome, IReadOnlyList<string> Changes);
