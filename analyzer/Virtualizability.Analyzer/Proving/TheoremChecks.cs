using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Theorem 1 as a checked fact (DESIGN.md §5): the instructions that fail a direct-execution obligation must be
/// exactly the critical ones; for hybrid (Theorem 3), the user-sensitive ones that do not trap in the guest user
/// mode. For patched designs the check is on the unpatched obligations. A difference is a finding about a
/// definition or a spec, listed with its counterexample or proof.
/// </summary>
internal static class TheoremChecks
{
    public static TheoremCheck Check(VmmDesign design, SpecClassification classification, ImmutableArray<InstructionProof> proofs)
    {
        var hybrid = design == VmmDesign.Hybrid;
        var expected = hybrid
            ? classification.Instructions.Where(i => i.UserSensitive.Answer == Answer.Yes && i.PrivilegedInGuestUser.Answer == Answer.No).Select(i => i.Name)
            : classification.Instructions.Where(i => i.IsCritical).Select(i => i.Name);
        var expectedSet = expected.ToImmutableArray();
        var failing = proofs.Where(p => Direct(p).Any(o => o.Result is ProofResult.Refuted)).Select(p => p.Name).ToImmutableArray();
        var differences = ImmutableArray.CreateBuilder<TheoremDifference>();
        var byName = classification.Instructions.ToDictionary(i => i.Name);
        foreach (var proof in proofs)
        {
            var direct = Direct(proof);
            var fails = failing.Contains(proof.Name);
            var isExpected = expectedSet.Contains(proof.Name);
            if (fails && !isExpected)
            {
                var refuted = direct.First(o => o.Result is ProofResult.Refuted);
                var @class = byName[proof.Name].Class;
                differences.Add(new(proof.Name, $"fails {refuted.Obligation.Id} but the classifier calls it {ClassName(@class)}{Why(@class, refuted.Obligation.Kind)}", ((ProofResult.Refuted)refuted.Result).Counterexample.Reason));
            }
            else if (!fails && isExpected)
            {
                var witness = hybrid ? byName[proof.Name].UserSensitive.Witness : SensitivityWitness(byName[proof.Name]);
                var why = direct.Any(o => o.Result is ProofResult.Unknown)
                    ? "some of its obligations are unknown"
                    : "every obligation holds under this embedding (harmless under this map)";
                differences.Add(new(proof.Name, $"{(hybrid ? "user-sensitive and not privileged in the guest user mode" : "critical")}, but {why}", $"the classifier's witness: {witness?.Reason ?? "none"}"));
            }
        }

        return new TheoremCheck(
            hybrid ? "Theorem 3" : "Theorem 1",
            hybrid ? "user-sensitive and not privileged in the guest user mode" : "critical",
            expectedSet, failing, differences.ToImmutable());
    }

    // Why a definition of §4 lets such an instruction through: sensitivity compares only runs that complete,
    // and privilege asks only whether running in the supervisor mode implies trapping in the guest's.
    private static string Why(InstructionClass @class, ObligationKind kind) => (@class, kind) switch
    {
        (InstructionClass.Innocuous, ObligationKind.EqTrap or ObligationKind.Eff) =>
            " (innocuous because sensitivity compares only runs that complete; whether it traps depends on mode or control state, which the embedding changes)",
        (InstructionClass.Privileged or InstructionClass.AlwaysTraps, ObligationKind.EqTrap) =>
            " (privileged because wherever it runs in the supervisor mode it traps in the guest's; but trapping is not monotone in privilege, and it runs in the guest's real mode where the virtual machine traps)",
        _ => "",
    };

    private static ImmutableArray<ObligationResult> Direct(InstructionProof proof) => proof.Patched ? proof.Unpatched : proof.Obligations;

    private static Witness? SensitivityWitness(InstructionClassification c) =>
        c.ControlSensitive.Answer == Answer.Yes ? c.ControlSensitive.Witness : c.BehaviorSensitive.Witness;

    public static string ClassName(InstructionClass c) => c switch
    {
        InstructionClass.AlwaysTraps => "always-traps",
        _ => c.ToString().ToLowerInvariant(),
    };
}

/// <summary>Minimality of a patch set: each member is needed when unpatching it breaks an obligation.</summary>
internal static class PatchSets
{
    public static ImmutableArray<PatchMember> Members(ImmutableArray<InstructionProof> proofs) =>
        [.. proofs.Where(p => p.Patched).Select(p => p.Unpatched.FirstOrDefault(o => o.Result is ProofResult.Refuted) is { } broken
            ? new PatchMember(p.Name, true, $"unpatched it fails {broken.Obligation.Id}", ((ProofResult.Refuted)broken.Result).Counterexample.Reason)
            : new PatchMember(p.Name, false, p.Unpatched.Any(o => o.Result is ProofResult.Unknown)
                ? "unpatched, some of its obligations are unknown"
                : "unpatched, every obligation still holds: the patch is not needed", ""))];
}
