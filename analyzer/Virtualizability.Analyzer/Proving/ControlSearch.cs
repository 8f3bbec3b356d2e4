using System.Collections.Immutable;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>Why a control is in a setting: dropping it breaks this obligation of this instruction.</summary>
public sealed record ControlNeed(string Control, string Instruction, string ObligationId, string Explanation, string Evidence);

/// <summary>
/// The control setting a hardware proof is about, whether it was synthesized, and what each control is
/// needed for: <see cref="Needs"/> the first instruction per control, <see cref="NeededBy"/> every
/// instruction whose obligations break when that control alone is dropped (what a comparison shows per
/// instruction).
/// </summary>
public sealed record HardwareResult(
    ImmutableArray<string> Declared,
    ControlSetting Setting,
    ImmutableArray<string> SettingNames,
    bool Synthesized,
    bool Found,
    int SettingsTried,
    ImmutableArray<ControlNeed> Needs)
{
    public ImmutableArray<ControlNeed> NeededBy { get; init; } = [];
}

/// <summary>
/// Searches the control settings over the per-instruction proofs: by size, then in the order the spec
/// declares the controls, the first setting under which every obligation holds is a smallest one. Each
/// setting tried is proved as far as it is new (a setting that restricts to one already proved for an
/// instruction costs that instruction nothing).
/// </summary>
internal static class ControlSearch
{
    public static HardwareResult Smallest(IsaSpec spec, SettingProofs proofs)
    {
        // Only controls some instruction reads can matter; the others stay off.
        var relevant = Enumerable.Range(0, spec.Vmm.Embedding.Controls.Length).Where(c => proofs.Reads.Any(r => r.Contains(c))).ToImmutableArray();
        var tried = 0;
        foreach (var setting in BySize(relevant))
        {
            tried++;
            if (Holds(proofs, setting))
            {
                return Result(spec, proofs, setting, synthesized: true, found: true, tried);
            }
        }

        var all = new ControlSetting(relevant.ToImmutableHashSet());
        return Result(spec, proofs, all, synthesized: true, found: false, tried);
    }

    public static HardwareResult Check(IsaSpec spec, SettingProofs proofs, ControlSetting setting) =>
        Result(spec, proofs, setting, synthesized: false, found: Holds(proofs, setting), 1);

    private static bool Holds(SettingProofs proofs, ControlSetting setting) =>
        proofs.Under(setting).All(r => r.All(o => o.Result.Holds));

    private static IEnumerable<ControlSetting> BySize(ImmutableArray<int> controls)
    {
        for (var size = 0; size <= controls.Length; size++)
        {
            foreach (var combination in Combinations(controls, 0, size))
            {
                yield return new ControlSetting(combination.ToImmutableHashSet());
            }
        }
    }

    private static IEnumerable<ImmutableList<int>> Combinations(ImmutableArray<int> controls, int from, int size)
    {
        if (size == 0)
        {
            yield return ImmutableList<int>.Empty;
            yield break;
        }

        for (var k = from; k <= controls.Length - size; k++)
        {
            foreach (var rest in Combinations(controls, k + 1, size - 1))
            {
                yield return rest.Insert(0, controls[k]);
            }
        }
    }

    // Each control of the setting with the obligations that fail when it alone is dropped: the first one,
    // and one per instruction that breaks.
    private static HardwareResult Result(IsaSpec spec, SettingProofs proofs, ControlSetting setting, bool synthesized, bool found, int tried)
    {
        var set = Enumerable.Range(0, spec.Vmm.Embedding.Controls.Length).Where(setting.IsSet).ToList();
        var readers = set.ToDictionary(c => c, c => Enumerable.Range(0, proofs.Count).Where(i => proofs.Reads[i].Contains(c)).ToList());
        proofs.Prove(set.SelectMany(c => readers[c].Select(i => (i, new ControlSetting(setting.Set.Remove(c))))));
        var needs = ImmutableArray.CreateBuilder<ControlNeed>();
        var neededBy = ImmutableArray.CreateBuilder<ControlNeed>();
        foreach (var control in set)
        {
            var without = new ControlSetting(setting.Set.Remove(control));
            var name = spec.Vmm.Embedding.Controls[control].Name;
            var broken = readers[control]
                .Select(i => proofs.Of(i, without).FirstOrDefault(o => o.Result is ProofResult.Refuted))
                .OfType<ObligationResult>()
                .Select(o => new ControlNeed(name, o.Obligation.Instruction, o.Obligation.Id, $"without it {o.Obligation.Failure}", ((ProofResult.Refuted)o.Result).Counterexample.Reason))
                .ToList();
            needs.Add(broken.Count == 0 ? new ControlNeed(name, "", "", "dropping it breaks no obligation", "") : broken[0]);
            neededBy.AddRange(broken);
        }

        var declared = spec.Vmm.Embedding.Controls.Select(c => c.Name).ToImmutableArray();
        return new HardwareResult(declared, setting, setting.Names(spec), synthesized, found, tried, needs.ToImmutable()) { NeededBy = neededBy.ToImmutable() };
    }
}
