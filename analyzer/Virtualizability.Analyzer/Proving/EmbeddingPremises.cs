using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Checks on the concrete machine that a counterexample's states satisfy the embedding: the virtual state
/// the invariants (and the restricted mode, for hybrid), the real state the invariants, Φ, the allocation and
/// the mode the map gives, and the two equal except where the VMM chooses (memory moved by the relocation).
/// </summary>
internal sealed class EmbeddingPremises(Embedding embedding, ConcreteMachine machine)
{
    private IsaSpec Spec => embedding.Spec;

    /// <summary>The first premise the states break, in words, or null when they satisfy all of it.</summary>
    public string? Violation(InstructionDef instruction, ulong[] operands, string? virtualMode, MachineState v, MachineState r, ControlSetting? setting = null)
    {
        if (Spec.Vmm.Embedding.VirtualState is { } bare && !machine.Holds(bare, v))
        {
            return $"the virtual state is not the virtual machine's ({Spec.Vmm.Embedding.VirtualStateText})";
        }

        if (setting?.Violated(Spec, r.Registers) is int wrong and >= 0)
        {
            return $"the real state's {Spec.Vmm.Embedding.Controls[wrong].Name} is not the control setting's";
        }

        if (instruction.Operands.FirstOrDefault(o => o.Kind == OperandKind.Register && operands[o.Index] >= (ulong)o.Registers.Length) is { } bad)
        {
            return $"operand {bad.Name} = {operands[bad.Index]} names no register of its group";
        }

        if (virtualMode is not null && !machine.Holds(Spec.FindMode(virtualMode)!.When, v))
        {
            return $"the virtual state is not in {virtualMode}";
        }

        return Invariants("virtual", v) ?? Invariants("real", r) ?? RealConstraints(r, setting is not null) ?? Modes(v, r) ?? Pairing(v, r);
    }

    private string? Invariants(string label, MachineState state) =>
        Spec.Invariants.FirstOrDefault(i => !machine.Holds(i.Condition, state)) is { } broken ? $"the {label} state breaks the invariant {broken.Text}" : null;

    // As EmbeddingProblem: under hardware assistance Φ is the control setting, not vmm.keeps.
    private string? RealConstraints(MachineState r, bool hardware)
    {
        if (!hardware && !machine.Holds(Spec.Vmm.Keeps, r))
        {
            return $"the real state breaks the VMM's constraint {Spec.Vmm.KeepsText}";
        }

        return Spec.Vmm.Embedding.Allocates is { } allocates && !machine.Holds(allocates, r)
            ? $"the real state breaks the VMM's allocation {Spec.Vmm.Embedding.AllocatesText}"
            : null;
    }

    private string? Modes(MachineState v, MachineState r)
    {
        foreach (var (virtualMode, realMode) in embedding.ModeMap)
        {
            if (machine.Holds(Spec.FindMode(virtualMode)!.When, v) && !machine.Holds(Spec.FindMode(realMode)!.When, r))
            {
                return $"the virtual state is in {virtualMode} but the real one is not in {realMode}";
            }
        }

        return null;
    }

    private string? Pairing(MachineState v, MachineState r)
    {
        foreach (var register in Spec.Registers)
        {
            if (((v.Registers[register.Index] ^ r.Registers[register.Index]) & ~embedding.Chosen[register.Index]) != 0)
            {
                return $"the real state's {register.Name} is not the virtual one where the embedding copies it";
            }
        }

        if (v.Memory is null || r.Memory is null)
        {
            return null;
        }

        // The guest's memory placed where the VMM put it: real cell x is virtual cell x + l_v - l_r.
        var expected = embedding.Relocates && Spec.Memory!.Relocation is { } l
            ? v.Memory.Shifted(v.Registers[l] - r.Registers[l])
            : v.Memory;
        return expected.SameContents(r.Memory) ? null : "the real memory is not the virtual memory placed by the embedding";
    }
}
