using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports.Proving;

namespace Virtualizability.Reports.Comparison;

/// <summary>A compared ISA from its spec, its analysis and its designs' proofs, as `virt compare` and the tests build it.</summary>
public static class ComparedIsas
{
    public static ComparedIsa From(IsaSpec spec, SpecClassification analysis, IReadOnlyList<DesignOutcome> designs) =>
        new(analysis, [.. designs.Select(DesignVerdicts.From)])
        {
            Extends = [.. SpecSources.Files(spec).Skip(1).Select(Path.GetFullPath)],
            Hardware = designs.FirstOrDefault(d => d.Design == VmmDesign.Hardware) is { } hardware ? Hardware(hardware, analysis) : [],
        };

    /// <summary>
    /// The hardware proof per instruction, with the controls each needs. Only what the proof fixes: an
    /// obligation's id and failure sentence, never a counterexample's values.
    /// </summary>
    public static ImmutableArray<HardwareOutcome> Hardware(DesignOutcome hardware, SpecClassification analysis)
    {
        if (hardware.Proof is not { } proof)
        {
            return [.. analysis.Instructions.Select(i => new HardwareOutcome(i.Name, Answer.Unknown, [], hardware.Failure ?? "no proof"))];
        }

        var needs = proof.Hardware?.NeededBy ?? [];
        return [.. proof.Instructions.Select(i => new HardwareOutcome(
            i.Name,
            i.Fails ? Answer.No : i.HasUnknowns ? Answer.Unknown : Answer.Yes,
            [.. needs.Where(n => n.Instruction == i.Name).Select(n => new ControlUse(n.Control, n.ObligationId))],
            Why(i)))];
    }

    private static string Why(InstructionProof proof) =>
        proof.Obligations.FirstOrDefault(o => o.Result is ProofResult.Refuted) is { } refuted ? $"{refuted.Obligation.Id}: {refuted.Obligation.Failure}"
        : proof.Obligations.FirstOrDefault(o => o.Result is ProofResult.Unknown) is { } unknown ? ProofText.Line(unknown)
        : "";
}
