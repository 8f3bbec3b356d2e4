using System.Collections.Immutable;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>A setting of the VM-execution controls (vmm.controls): the register indices of those set to 1.</summary>
public sealed record ControlSetting(ImmutableHashSet<int> Set)
{
    public static readonly ControlSetting None = new(ImmutableHashSet<int>.Empty);

    public bool IsSet(int control) => Set.Contains(control);

    /// <summary>The controls set, by name, in the order the spec declares them.</summary>
    public ImmutableArray<string> Names(IsaSpec spec) =>
        [.. spec.Vmm.Embedding.Controls.Where(Set.Contains).Select(c => spec.Registers[c].Name)];

    /// <summary>The setting restricted to some controls (those an instruction reads).</summary>
    public ControlSetting Restricted(IEnumerable<int> controls) => new(Set.Intersect(controls));

    public string Suffix(IsaSpec spec) => "[" + string.Join(",", Names(spec)) + "]";

    public bool Equals(ControlSetting? other) => other is not null && Set.SetEquals(other.Set);

    public override int GetHashCode() => Set.Aggregate(0, (h, c) => h ^ (1 << (c % 31)));
}
