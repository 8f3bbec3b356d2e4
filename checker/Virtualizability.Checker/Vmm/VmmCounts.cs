namespace Virtualizability.Checker.Vmm;

/// <summary>What a reference VMM did while it ran a guest.</summary>
public sealed class VmmCounts
{
    /// <summary>Guest instructions that ran directly on the real machine.</summary>
    public long Direct { get; internal set; }

    /// <summary>Real traps (under hardware assistance, VM exits) that reached the VMM's dispatcher.</summary>
    public long Traps { get; internal set; }

    /// <summary>Instructions the VMM emulated on the virtual state after a trap (the patched ones included).</summary>
    public long Emulated { get; internal set; }

    /// <summary>Virtual traps reflected to the guest through its own trap sequence.</summary>
    public long Reflected { get; internal set; }

    /// <summary>Instructions the VMM interpreted on the virtual state (hybrid: all virtual supervisor code).</summary>
    public long Interpreted { get; internal set; }

    /// <summary>Blocks the patching VMM scanned the first time control reached them.</summary>
    public long BlocksScanned { get; internal set; }

    /// <summary>Scanned blocks that had a critical instruction to patch.</summary>
    public long PatchedBlocks { get; internal set; }

    /// <summary>Critical instructions replaced by a trap (paravirtual: by a hypercall).</summary>
    public long PatchedInstructions { get; internal set; }

    /// <summary>Traps raised by patched instructions (paravirtual: hypercalls made).</summary>
    public long PatchTraps { get; internal set; }

    /// <summary>Hardware assistance: traps that were not VM exits, delivered by the processor through the guest's own trap sequence.</summary>
    public long GuestTraps { get; internal set; }

    /// <summary>Virtual interrupts delivered to the guest.</summary>
    public long Interrupts { get; internal set; }

    /// <summary>Times a directly run instruction changed real mode or control state the VMM owns.</summary>
    public long ControlEscapes { get; internal set; }

    /// <summary>Times the allocator asked Z3 for a real state.</summary>
    public int AllocatorSolves { get; internal set; }
}

/// <summary>A directly run instruction changed real state the VMM owns: the resource and its value before and after.</summary>
public sealed record ControlEscape(string Resource, ulong Embedded, ulong Found, ulong AfterAddress);
