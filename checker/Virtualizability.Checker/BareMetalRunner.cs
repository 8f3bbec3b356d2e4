using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker;

/// <summary>One instruction of a guest program: its name in the spec and its decoded operands.</summary>
public sealed record GuestStep(string Instruction, params ulong[] Operands);

/// <summary>What a run did: how many instructions ran to completion and which traps were delivered.</summary>
public sealed record RunResult(int Completed, IReadOnlyList<string> Traps);

/// <summary>
/// Runs a guest program on the bare concrete machine: each instruction steps the state, and a trap is
/// delivered through the spec's trap_entry, as the hardware would. The reference VMMs run the same
/// programs, so their end states can be compared with this one.
/// </summary>
public sealed class BareMetalRunner(IsaSpec spec)
{
    private readonly ConcreteMachine _machine = new(spec);

    public RunResult Run(MachineState state, IEnumerable<GuestStep> program)
    {
        var completed = 0;
        var traps = new List<string>();
        foreach (var step in program)
        {
            var instruction = spec.FindInstruction(step.Instruction)
                ?? throw new ArgumentException($"{spec.Name} has no instruction '{step.Instruction}'");
            var result = _machine.Step(state, instruction, OperandsFor(instruction, step, state));
            if (result.Trap is { } kind)
            {
                traps.Add(spec.Traps[kind].Name);
                _machine.DeliverTrap(state, kind);
            }
            else
            {
                completed++;
            }
        }

        return new RunResult(completed, traps);
    }

    // The decoded operands, then next_pc: the address after this instruction (PC + its length, 1 if unknown).
    private ulong[] OperandsFor(InstructionDef instruction, GuestStep step, MachineState state)
    {
        var explicitCount = instruction.Operands.Count(o => o.Kind != OperandKind.Implicit);
        if (step.Operands.Length != explicitCount)
        {
            throw new ArgumentException($"{instruction.Name} takes {explicitCount} operand(s), {step.Operands.Length} given");
        }

        if (spec.ProgramCounter is not { } pc)
        {
            return step.Operands;
        }

        var next = (state.Registers[pc] + (ulong)(instruction.Length ?? 1)) & BitOps.Mask(spec.Registers[pc].Width);
        return [.. step.Operands, next];
    }
}
