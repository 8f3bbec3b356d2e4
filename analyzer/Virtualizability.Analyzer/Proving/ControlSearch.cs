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
/// declares the controls, the first setting under which every obligation holds is a smallest one.
/// </summary>
internal static class ControlSearch
{
    public static HardwareResult Smallest(IsaSpec spec, IReadOnlyList<ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>> table, ImmutableArray<ImmutableArray<int>> reads)
    {
        // Only controls some instruction reads can matter; the others stay off.
        var relevant = Enumerable.Range(0, spec.Vmm.Embedding.Controls.Length).Where(c => reads.Any(r => r.Contains(c))).ToImmutableArray();
        var tried = 0;
        foreach (var setting in BySize(relevant))
        {
            tried++;
            if (Holds(table, reads, setting))
            {
                return Result(spec, table, reads, setting, synthesized: true, found: true, tried);
            }
        }

        var all = new ControlSetting(relevant.ToImmutableHashSet());
        return Result(spec, table, reads, all, synthesized: true, found: false, tried);
    }

    public static HardwareResult Check(IsaSpec spec, IReadOnlyList<ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>> table, ImmutableArray<ImmutableArray<int>> reads, ControlSetting setting) =>
        Result(spec, table, reads, setting, synthesized: false, found: Holds(table, reads, setting), 1);

    private static bool Holds(IReadOnlyList<ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>> table, ImmutableArray<ImmutableArray<int>> reads, ControlSetting setting) =>
        table.Select((results, i) => results[setting.Restricted(reads[i])]).All(r => r.All(o => o.Result.Holds));

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
    private static HardwareResult Result(IsaSpec spec, IReadOnlyList<ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>> table, ImmutableArray<ImmutableArray<int>> reads, ControlSetting setting, bool synthesized, bool found, int tried)
    {
        var needs = ImmutableArray.CreateBuilder<ControlNeed>();
        var neededBy = ImmutableArray.CreateBuilder<ControlNeed>();
        foreach (var control in Enumerable.Range(0, spec.Vmm.Embedding.Controls.Length).Where(setting.IsSet))
        {
            var without = new ControlSetting(setting.Set.Remove(control));
            var name = spec.Vmm.Embedding.Controls[control].Name;
            var broken = Enumerable.Range(0, table.Count)
                .Where(i => reads[i].Contains(control))
                .Select(i => table[i].TryGetValue(without.Restricted(reads[i]), out var r) ? r.FirstOrDefault(o => o.Result is ProofResult.Refuted) : null)
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
