using System.Collections.Concurrent;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Reports.Tests.Support;

/// <summary>
/// The proofs of the shipped specs, computed once per test run from the shared classifications: a
/// trap-and-emulate proof per spec, from which the patched and paravirtual ones are derived without new
/// queries, a hybrid proof, and a hardware proof with synthesized controls where the spec declares them.
/// x86 proofs take tens of seconds, so no test computes one twice; the comparison tests prove every shipped
/// spec's designs, the proof snapshots reuse them.
/// </summary>
public static class Proofs
{
    private static readonly ConcurrentDictionary<(string, VmmDesign), Lazy<SpecProof>> Cache = new();

    /// <summary>
    /// The specs whose deprivileging proofs are snapshots: the small machines and x86-32 (the other x86
    /// variants' reports would add little), but no spec with vmm.controls, which only --vmm hardware proves.
    /// </summary>
    public static IReadOnlyList<string> Snapshotted { get; } =
        Specs.Shipped.Where(s => !Path.GetFileName(s).StartsWith("x86", StringComparison.Ordinal) || s == "isa-specs/x86-32.yaml")
            .Where(s => !HasControls(s)).ToList();

    // A deterministic resource limit and a generous timeout: on a loaded machine the default 30 s timeout
    // turned a slow x86 query into unknown in one run and not in the next.
    private static readonly SolverLimits Limits = new(TimeoutMilliseconds: 600_000, ResourceLimit: 30_000_000);

    public static readonly VmmDesign[] Designs = [VmmDesign.TrapAndEmulate, VmmDesign.Hybrid, VmmDesign.Patched, VmmDesign.Paravirtual];

    /// <summary>The shipped specs that declare VM-execution controls: their hardware proofs (synthesized) are snapshots too.</summary>
    public static IReadOnlyList<string> WithControls { get; } =
        Specs.Shipped.Where(HasControls).ToList();

    private static bool HasControls(string spec) => !SpecLoader.Load(Path.Combine(Repo.Root, spec)).Vmm.Embedding.Controls.IsEmpty;

    /// <summary>The designs `virt compare` reports for a spec, from the cached proofs.</summary>
    public static IEnumerable<DesignOutcome> Outcomes(string spec) =>
        DesignSuite.Designs(SpecLoader.Load(Path.Combine(Repo.Root, spec))).Select(d => DesignSuite.Attempt(d, () => Of(spec, d)));

    public static SpecProof Of(string spec, VmmDesign design) =>
        Cache.GetOrAdd((spec, design), key => new Lazy<SpecProof>(() => Prove(key.Item1, key.Item2))).Value;

    private static SpecProof Prove(string spec, VmmDesign design)
    {
        var loaded = SpecLoader.Load(Path.Combine(Repo.Root, spec));
        var classification = Specs.Classified(spec);
        return design switch
        {
            _ when design.Patches() => SpecProver.Derive(Of(spec, VmmDesign.TrapAndEmulate), design, loaded, classification),

            // A smallest control setting, synthesized as `virt compare` does.
            VmmDesign.Hardware => HardwareProver.Prove(loaded, new ProverOptions(design, Jobs: 2, Limits: Limits), null),
            _ => SpecProver.Prove(loaded, new ProverOptions(design, Jobs: 2, Limits: Limits), classification),
        };
    }
}
