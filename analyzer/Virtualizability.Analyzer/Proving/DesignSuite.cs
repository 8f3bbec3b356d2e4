using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>One design tried on one spec: its proof, or why there is none (said in words, never guessed).</summary>
public sealed record DesignOutcome(VmmDesign Design, SpecProof? Proof, string? Failure);

/// <summary>
/// The designs a comparison reports for a spec (DESIGN.md §5): trap-and-emulate, hybrid, patched (derived from
/// the trap-and-emulate proof without new queries) or, where the spec declares vmm.controls, hardware alone with
/// a synthesized smallest control setting. Paravirtual is left out: its verdict is patched's.
/// </summary>
public static class DesignSuite
{
    /// <summary>
    /// The designs reported for this spec, in the order every table shows them. A spec with vmm.controls
    /// describes hardware assistance, so only the hardware design applies to it.
    /// </summary>
    public static ImmutableArray<VmmDesign> Designs(IsaSpec spec) =>
        spec.Vmm.Embedding.Controls.IsEmpty
            ? [VmmDesign.TrapAndEmulate, VmmDesign.Hybrid, VmmDesign.Patched]
            : [VmmDesign.Hardware];

    /// <summary>Proves every design of <see cref="Designs"/> with the classification the comparison already has.</summary>
    public static ImmutableArray<DesignOutcome> Prove(IsaSpec spec, SpecClassification classification, ProverOptions options)
    {
        // Patched derives from trap-and-emulate's proof; made once, and only for a spec whose designs use it.
        var trapAndEmulate = new Lazy<DesignOutcome>(() => Attempt(VmmDesign.TrapAndEmulate, () => SpecProver.Prove(spec, options with { Design = VmmDesign.TrapAndEmulate }, classification)));
        return [.. Designs(spec).Select(design => design switch
        {
            VmmDesign.TrapAndEmulate => trapAndEmulate.Value,
            VmmDesign.Patched => trapAndEmulate.Value.Proof is { } proof
                ? Attempt(design, () => SpecProver.Derive(proof, design, spec, classification))
                : trapAndEmulate.Value with { Design = design },
            VmmDesign.Hardware => Attempt(design, () => HardwareProver.Prove(spec, options with { Design = design }, null)),
            _ => Attempt(design, () => SpecProver.Prove(spec, options with { Design = design }, classification)),
        })];
    }

    /// <summary>
    /// A design's proof, or the reason it could not be set up or decided: an unknown premise or a design the
    /// spec cannot express is a verdict of unknown with its reason, not the end of a comparison. A
    /// counterexample that does not replay (a defect of the tool) still ends the run.
    /// </summary>
    public static DesignOutcome Attempt(VmmDesign design, Func<SpecProof> prove)
    {
        try
        {
            return new DesignOutcome(design, prove(), null);
        }
        catch (ProofSetupException e)
        {
            return new DesignOutcome(design, null, e.Message);
        }
        catch (PremiseUnknownException e)
        {
            return new DesignOutcome(design, null, e.Message);
        }
        catch (SpecException e)
        {
            return new DesignOutcome(design, null, string.Join("; ", e.Diagnostics));
        }
    }
}
