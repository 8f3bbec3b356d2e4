using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// What a question assumed of its pre-states: the mode of each (null: any), whether Φ (vmm.keeps) holds
/// in them, and for a pair how the two may differ. Every question assumes the invariants.
/// </summary>
internal sealed record PairPremise(string? FirstMode, string? SecondMode, bool UsesKeeps, PairKind? Kind)
{
    public static PairPremise Single(string? mode) => new(mode, null, false, null);
}

/// <summary>
/// Checks on the concrete machine that a witness's pre-states satisfy the premise of the question that
/// produced them. A model that does not is as wrong as one whose outcome does not replay.
/// </summary>
internal sealed class WitnessPremises(IsaSpec spec, ConcreteMachine machine, StateMasks masks)
{
    /// <summary>The first premise the states break, in words, or null when they satisfy all of it.</summary>
    public string? Violation(PairPremise premise, InstructionDef instruction, ulong[] operands, MachineState first, MachineState? second)
    {
        return Operands(instruction, operands)
            ?? State("s1", premise.FirstMode, premise.UsesKeeps, first)
            ?? (second is null ? null : State("s2", premise.SecondMode, premise.UsesKeeps, second))
            ?? (second is null || premise.Kind is not { } kind ? null : Pairing(kind, first, second));
    }

    // Register operands index their group; the queries assume an index that names a member.
    private static string? Operands(InstructionDef instruction, ulong[] operands) =>
        instruction.Operands.FirstOrDefault(o => o.Kind == OperandKind.Register && operands[o.Index] >= (ulong)o.Registers.Length) is { } bad
            ? $"operand {bad.Name} = {operands[bad.Index]} names no register of its group"
            : null;

    private string? State(string label, string? mode, bool usesKeeps, MachineState state)
    {
        if (mode is not null && !machine.Holds(spec.FindMode(mode)!.When, state))
        {
            return $"{label} is not in {mode} (it is in {machine.ModeOf(state)})";
        }

        if (spec.Invariants.FirstOrDefault(i => !machine.Holds(i.Condition, state)) is { } broken)
        {
            return $"{label} breaks the invariant {broken.Text}";
        }

        return usesKeeps && !machine.Holds(spec.Vmm.Keeps, state) ? $"{label} breaks the VMM's constraint {spec.Vmm.KeepsText}" : null;
    }

    private string? Pairing(PairKind kind, MachineState first, MachineState second)
    {
        var free = masks.FreeIn(kind);
        foreach (var register in spec.Registers)
        {
            if (((first.Registers[register.Index] ^ second.Registers[register.Index]) & ~free[register.Index]) != 0)
            {
                return $"s1 and s2 differ in {register.Name}, which a {kind} pair keeps equal";
            }
        }

        if (first.Memory is null || second.Memory is null)
        {
            return null;
        }

        // A relocated pair holds the same program placed elsewhere: s2's cell x is s1's cell x + l1 - l2.
        var expected = spec.Memory is { Relocation: { } l } && free[l] != 0
            ? first.Memory.Shifted(first.Registers[l] - second.Registers[l])
            : first.Memory;
        return expected.SameContents(second.Memory) ? null : $"the memories of s1 and s2 are not what a {kind} pair relates";
    }
}
