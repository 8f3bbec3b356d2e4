using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// A setting of the VM-execution controls (vmm.controls): the positions, in the spec's list of controls, of
/// those set to 1. A control is a register or a field of one, so a setting says what one bit of the real
/// state is per control.
/// </summary>
public sealed record ControlSetting(ImmutableHashSet<int> Set)
{
    public static readonly ControlSetting None = new(ImmutableHashSet<int>.Empty);

    public bool IsSet(int control) => Set.Contains(control);

    /// <summary>The controls set, by name, in the order the spec declares them.</summary>
    public ImmutableArray<string> Names(IsaSpec spec) =>
        [.. spec.Vmm.Embedding.Controls.Where((_, k) => Set.Contains(k)).Select(c => c.Name)];

    /// <summary>The setting restricted to some controls (those an instruction reads).</summary>
    public ControlSetting Restricted(IEnumerable<int> controls) => new(Set.Intersect(controls));

    public string Suffix(IsaSpec spec) => "[" + string.Join(",", Names(spec)) + "]";

    /// <summary>The first control whose bit in the registers is not the setting's, or -1 when all are.</summary>
    public int Violated(IsaSpec spec, IReadOnlyList<ulong> registers) =>
        spec.Vmm.Embedding.Controls.Select((c, k) => (c, k)).FirstOrDefault(x => x.c.IsSetIn(registers) != IsSet(x.k), (null!, -1)).k;

    /// <summary>The premise that each control's bit of <paramref name="state"/> is the setting's.</summary>
    public BoolExpr Holds(Context z3, IsaSpec spec, SymbolicPreState state) =>
        z3.MkAnd(spec.Vmm.Embedding.Controls.Select((c, k) => z3.MkEq(
            z3.MkExtract((uint)c.Bit, (uint)c.Bit, state.Registers[c.Register]), z3.MkBV(IsSet(k) ? 1 : 0, 1))).Prepend(z3.MkTrue()));

    public bool Equals(ControlSetting? other) => other is not null && Set.SetEquals(other.Set);

    public override int GetHashCode() => Set.Aggregate(0, (h, c) => h ^ (1 << (c % 31)));
}
