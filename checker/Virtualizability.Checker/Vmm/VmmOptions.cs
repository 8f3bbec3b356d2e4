using System.Collections.Immutable;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Checker.Guests;

namespace Virtualizability.Checker.Vmm;

/// <summary>How a reference VMM runs a guest.</summary>
public sealed record VmmOptions(VmmDesign Design)
{
    /// <summary>The real mode that runs virtual supervisor code; null for the spec's <c>vmm.guest_supervisor_mode</c>.</summary>
    public string? GuestMode { get; init; }

    /// <summary>Real control values the VMM wants (its own task register, interrupts on); kept where Φ and the allocation allow.</summary>
    public ImmutableArray<StateAssignment> Allocate { get; init; } = [];

    /// <summary>
    /// Where the VMM keeps its own tables: every shadowed control field as wide as an address (a table base
    /// such as IDTR.BASE) is placed here, a page apart. Null puts them in the top 1/1024 of the address space.
    /// </summary>
    public ulong? TableBase { get; init; }

    /// <summary>The instructions a patching VMM replaces by a trap: the critical set, from the classification.</summary>
    public ImmutableHashSet<string> PatchSet { get; init; } = [];

    /// <summary>
    /// For a guest patched ahead of time by <c>virt patch</c>: its side table, the original bytes by address.
    /// The INT3 at such an address traps to the VMM, which emulates the original instruction.
    /// </summary>
    public ImmutableDictionary<ulong, ImmutableArray<byte>> StaticPatches { get; init; } = ImmutableDictionary<ulong, ImmutableArray<byte>>.Empty;

    /// <summary>The hardware design's VM-execution control setting (vmm.controls); required for <see cref="VmmDesign.Hardware"/>.</summary>
    public ControlSetting? Controls { get; init; }
}
