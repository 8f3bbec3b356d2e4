using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Proving;

/// <summary>The obligations of DESIGN.md §5, each with a stable id.</summary>
public enum ObligationKind
{
    /// <summary>EQ-TRAP: when it runs directly on the real machine, it does not trap on the virtual one.</summary>
    EqTrap,

    /// <summary>EQ-USER: when it runs directly, the user-visible result equals the virtual machine's.</summary>
    EqUser,

    /// <summary>EQ-HIDDEN: when it runs directly, it changes no virtual mode or shadowed control state.</summary>
    EqHidden,

    /// <summary>RC-CONTROL: when it runs directly, it leaves the real mode and the VMM's control state unchanged.</summary>
    RcControl,

    /// <summary>RC-MEMORY: when it runs directly, it writes no cell of the VMM's memory.</summary>
    RcMemory,

    /// <summary>EFF: an innocuous instruction runs directly (does not trap on the real machine unless on the virtual one).</summary>
    Eff,
}

/// <summary>
/// One obligation of one design for one instruction: a stable id, the sentence a report prints when it
/// holds and when it fails, and where the instruction is written.
/// </summary>
public sealed record Obligation(VmmDesign Design, string Instruction, ObligationKind Kind, SourceLocation Location)
{
    public string Id => Ids[(int)Kind];

    public string Success => Kind switch
    {
        ObligationKind.EqTrap => $"{Instruction} traps on the real machine whenever it traps on the virtual one",
        ObligationKind.EqUser => $"{Instruction} run directly gives the user-visible result of the virtual machine",
        ObligationKind.EqHidden => $"{Instruction} run directly changes no virtual mode or control state the VMM would miss",
        ObligationKind.RcControl => $"{Instruction} run directly leaves the real mode and the VMM's control state unchanged",
        ObligationKind.RcMemory => $"{Instruction} run directly writes no cell of the VMM's memory",
        _ => $"{Instruction} is innocuous and runs directly",
    };

    public string Failure => Kind switch
    {
        ObligationKind.EqTrap => $"{Instruction} runs directly where the virtual machine traps",
        ObligationKind.EqUser => $"{Instruction} run directly gives a user-visible result the virtual machine does not",
        ObligationKind.EqHidden => $"{Instruction} run directly changes virtual mode or control state behind the VMM's back",
        ObligationKind.RcControl => $"{Instruction} run directly changes the real mode or the VMM's control state",
        ObligationKind.RcMemory => $"{Instruction} run directly writes the VMM's memory",
        _ => $"{Instruction} is innocuous but traps on the real machine where the virtual machine runs it",
    };

    public static readonly string[] Ids = ["EQ-TRAP", "EQ-USER", "EQ-HIDDEN", "RC-CONTROL", "RC-MEMORY", "EFF"];
}
