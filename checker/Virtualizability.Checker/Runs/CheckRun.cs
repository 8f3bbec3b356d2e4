using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Checker.Runs;

/// <summary>
/// The first point at which the guest under the VMM stopped matching bare metal: the guest step, the
/// instruction that had just run (its address and text), the resource that differs and both values. A
/// resource is a register, a field (EFLAGS.IF), a memory cell (mem[0x8ffe]) or "run" when one side stopped
/// and the other did not.
/// </summary>
public sealed record Divergence(long Step, ulong Address, string Instruction, string Resource, ulong BareMetal, ulong Vmm, string? Note = null);

/// <summary>How one side's run ended.</summary>
public sealed record SideOutcome(RunStop Stop, string? Message, long Steps, string? Output);

/// <summary>A guest run on bare metal and under a VMM from the same start state, compared.</summary>
public sealed record CheckRun(
    string Guest,
    VmmDesign Design,
    SideOutcome BareMetal,
    SideOutcome Vmm,
    Divergence? Divergence,
    VmmCounts Counts,
    IReadOnlyList<ControlEscape> Escapes)
{
    public bool Equivalent => Divergence is null;
}
