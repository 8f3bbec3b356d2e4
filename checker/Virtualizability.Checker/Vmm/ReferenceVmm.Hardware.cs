using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Vmm;

public sealed partial class ReferenceVmm
{
    // Hardware assistance (DESIGN.md §5): the guest runs at its own mode on its own state, passed through,
    // with VMX non-root operation and the control setting as the VMM's real control state. A trap of a
    // VM-exit kind (VmExits: one the virtual machine never raises) comes to the dispatcher, which emulates
    // the instruction on the virtual state, the bare machine; every other trap is the guest's own, and the
    // processor delivers it through the guest's trap sequence on the real state without leaving non-root
    // operation, as VT-x does with an empty exception bitmap.
    private bool IsGuestTrap(int kind) => _exits is { } exits && kind != ProgramRunner.PatchTrap && !exits.Contains(kind);

    private bool DeliverToGuest(ProgramRunner runner, int kind, DecodedInstruction at)
    {
        Counts.GuestTraps++;
        return runner.DeliverTrap(kind)
            || Fail(RunStop.TrapInTrapEntry, $"{at}: the guest's trap sequence raised a trap while delivering {_machine.Spec.Traps[kind].Name}");
    }

    private static ControlSetting Setting(IsaSpec spec, VmmOptions options)
    {
        if (spec.Vmm.Embedding.Controls.IsEmpty)
        {
            throw new InvalidOperationException($"{spec.Name} declares no vmm.controls: the hardware-assisted VMM needs a spec with VM-execution controls");
        }

        return options.Controls ?? throw new InvalidOperationException("the hardware-assisted VMM needs a control setting");
    }
}
