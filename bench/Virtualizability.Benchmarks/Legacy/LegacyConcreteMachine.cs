// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using System.Collections.Concurrent;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>
/// Executes instructions of a spec on concrete states: each body compiled once, each step run on a copy of
/// the registers and committed when it does not trap.
/// </summary>
public sealed class ConcreteMachine(IsaSpec spec)
{
    private readonly ConcurrentDictionary<BoundBody, CompiledBody> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<BoundExpr, Func<ulong[], MemoryTransaction, bool>> _conditions = new(ReferenceEqualityComparer.Instance);

    public IsaSpec Spec => spec;

    /// <summary>A fresh state: every register 0 and, if the spec has memory, every cell 0.</summary>
    public MachineState NewState() =>
        new(new ulong[spec.Registers.Length], spec.Memory is { } m ? new SparseMemory(m.AddressWidth, m.CellWidth) : null);

    /// <summary>
    /// Executes one instruction in place. On a trap the state is left exactly as it was (traps are precise);
    /// delivering the trap is <see cref="DeliverTrap"/>'s job. Where <paramref name="touched"/> is given,
    /// it receives the address of every memory cell the instruction read or wrote.
    /// </summary>
    public StepResult Step(MachineState state, InstructionDef instruction, ulong[] operands, ISet<ulong>? touched = null)
    {
        var scratch = (ulong[])state.Registers.Clone();
        if (spec.ProgramCounter is { } pc && operands.Length > 0 && instruction.Operands[^1].Name == "next_pc")
        {
            scratch[pc] = operands[^1] & BitOps.Mask(spec.Registers[pc].Width);
        }

        return Run(state, instruction.Body, scratch, operands, touched);
    }

    /// <summary>Runs the spec's trap_entry body for a trap kind, if the spec has one.</summary>
    public StepResult DeliverTrap(MachineState state, int trapKind)
    {
        if (spec.TrapEntry is not { } entry)
        {
            return StepResult.Completed;
        }

        return Run(state, entry.Body, (ulong[])state.Registers.Clone(), [(ulong)spec.Traps[trapKind].Code], null);
    }

    /// <summary>True when a condition of the spec (a mode's predicate, an invariant) holds in a state.</summary>
    public bool Holds(BoundExpr condition, MachineState state)
    {
        var predicate = _conditions.GetOrAdd(condition, ConcreteCompiler.CompileCondition);
        return predicate(state.Registers, new MemoryTransaction(state.Memory ?? EmptyMemory, spec.Endianness));
    }

    /// <summary>The name of the first mode whose predicate holds, or "no mode".</summary>
    public string ModeOf(MachineState state) =>
        spec.Modes.FirstOrDefault(m => Holds(m.When, state))?.Name ?? "no mode";

    private StepResult Run(MachineState state, BoundBody body, ulong[] scratch, ulong[] operands, ISet<ulong>? touched)
    {
        var compiled = _compiled.GetOrAdd(body, b => ConcreteCompiler.Compile(b));
        var transaction = new MemoryTransaction(state.Memory ?? EmptyMemory, spec.Endianness, touched);
        var trap = compiled(scratch, operands, transaction);
        if (trap >= 0)
        {
            return new StepResult(trap);
        }

        scratch.CopyTo(state.Registers, 0);
        transaction.Commit();
        return StepResult.Completed;
    }

    private static readonly SparseMemory EmptyMemory = new(1, 1);
}
