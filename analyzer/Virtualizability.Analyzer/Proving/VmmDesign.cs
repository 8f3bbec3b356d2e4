namespace Virtualizability.Analyzer.Proving;

/// <summary>The VMM designs of DESIGN.md §5 that `virt prove` states obligations for.</summary>
public enum VmmDesign
{
    /// <summary>Popek and Goldberg's VMM: all guest code runs directly, deprivileged; traps are emulated.</summary>
    TrapAndEmulate,

    /// <summary>Theorem 3: virtual supervisor code is always interpreted; only virtual user code runs directly.</summary>
    Hybrid,

    /// <summary>Scan-and-patch: the critical instructions are replaced by a trap before they run.</summary>
    Patched,

    /// <summary>As patched, with each patched instruction a hypercall the guest kernel makes instead.</summary>
    Paravirtual,

    /// <summary>VT-x style: the guest runs in non-root mode on its own copy of its state; exits are traps.</summary>
    Hardware,
}

public static class VmmDesigns
{
    public static readonly string[] Names = ["trap-and-emulate", "hybrid", "patched", "paravirtual", "hardware"];

    public static string Name(this VmmDesign design) => Names[(int)design];

    public static VmmDesign? Parse(string name) =>
        Array.IndexOf(Names, name) is var i and >= 0 ? (VmmDesign)i : null;

    /// <summary>Designs that replace the critical instructions by a trap.</summary>
    public static bool Patches(this VmmDesign design) => design is VmmDesign.Patched or VmmDesign.Paravirtual;
}
