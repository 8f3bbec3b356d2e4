using System.Collections.Concurrent;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Executes instructions of a spec on concrete states. Each instruction has an integer id (its index in
/// the spec; the trap entry comes after the instructions), and each body is compiled once, on first use,
/// into a delegate in an array indexed by that id, shared by every thread. Bodies run on the state in
/// place; traps are precise through the transaction's undo log. With a <see cref="BranchCoverage"/>, the
/// bodies count which way each <c>if</c> goes (for tests that measure how much of the semantics they reach).
/// </summary>
public sealed class ConcreteMachine
{
    private readonly IsaSpec _spec;
    private readonly BranchCoverage? _coverage;
    private readonly Dictionary<InstructionDef, int> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly BoundBody[] _sources;
    private readonly CompiledBody?[] _bodies;
    private readonly bool[] _needsUndo;
    private readonly bool[] _takesNextPc;
    private readonly int[] _registerWidths;
    private readonly ulong _pcMask;
    private readonly int _pcIndex;
    private readonly ConcurrentDictionary<BoundExpr, Func<ulong[], MemoryTransaction, bool>> _conditions = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<BoundExpr, Func<ulong[], ulong[], MemoryTransaction, bool>> _operandConditions = new(ReferenceEqualityComparer.Instance);

    public ConcreteMachine(IsaSpec spec, BranchCoverage? coverage = null)
    {
        (_spec, _coverage) = (spec, coverage);
        var instructions = spec.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            _ids[instructions[i]] = i;
        }

        _sources = [.. instructions.Select(i => i.Body), spec.TrapEntry?.Body ?? new BoundBody([], 0)];
        _bodies = new CompiledBody?[_sources.Length];
        _needsUndo = _sources.Select(PreciseTraps.NeedsUndo).ToArray();
        _takesNextPc = [.. instructions.Select(i => spec.ProgramCounter is not null && i.Operands.Length > 0 && i.Operands[^1].Name == "next_pc"), false];
        _registerWidths = spec.Registers.Select(r => r.Width).ToArray();
        _pcIndex = spec.ProgramCounter ?? -1;
        _pcMask = spec.ProgramCounter is { } pc ? BitOps.Mask(spec.Registers[pc].Width) : 0;
    }

    public IsaSpec Spec => _spec;

    /// <summary>The id of the trap entry body: one past the last instruction.</summary>
    public int TrapEntryId => _sources.Length - 1;

    /// <summary>A fresh state: every register 0 and, if the spec has memory, every cell 0.</summary>
    public MachineState NewState() =>
        new(new ulong[_spec.Registers.Length], _spec.Memory is { } m ? new SparseMemory(m.AddressWidth, m.CellWidth) : null);

    /// <summary>The integer id of one of the spec's instructions.</summary>
    public int IdOf(InstructionDef instruction) =>
        _ids.TryGetValue(instruction, out var id) ? id : throw new ArgumentException($"{instruction.Name} is not an instruction of {_spec.Name}");

    /// <summary>A transaction over a state's memory, to be reused for every step run on that state.</summary>
    public MemoryTransaction TransactionFor(MachineState state, ISet<ulong>? touched = null) =>
        new(state.Memory ?? EmptyMemory, _spec.Endianness, touched);

    /// <summary>
    /// Executes one instruction in place. On a trap the state is left exactly as it was (traps are precise);
    /// delivering the trap is <see cref="DeliverTrap(MachineState, int)"/>'s job. Where <paramref name="touched"/>
    /// is given, it receives the address of every memory cell the instruction read or wrote.
    /// </summary>
    public StepResult Step(MachineState state, InstructionDef instruction, ulong[] operands, ISet<ulong>? touched = null)
    {
        var trap = Execute(state.Registers, IdOf(instruction), operands, TransactionFor(state, touched));
        return trap < 0 ? StepResult.Completed : new StepResult(trap);
    }

    /// <summary>
    /// The fast path of <see cref="Step"/>: runs instruction <paramref name="id"/> on registers and the
    /// transaction's memory; returns the trap kind raised, or -1. The PC is set to next_pc (the last
    /// operand, where the instruction has one) before the body runs, and restored on a trap.
    /// </summary>
    public int Execute(ulong[] registers, int id, ulong[] operands, MemoryTransaction transaction)
    {
        var body = _bodies[id] ?? CompileBody(id);
        var pc = _pcIndex;
        var oldPc = pc >= 0 ? registers[pc] : 0;
        if (_takesNextPc[id])
        {
            registers[pc] = operands[^1] & _pcMask;
        }

        transaction.Begin(_needsUndo[id]);
        var trap = body(registers, operands, transaction);
        if (trap < 0)
        {
            transaction.Commit();
            return -1;
        }

        transaction.Rollback(registers);
        if (pc >= 0)
        {
            registers[pc] = oldPc;
        }

        return trap;
    }

    /// <summary>Runs the spec's trap_entry body for a trap kind, if the spec has one.</summary>
    public StepResult DeliverTrap(MachineState state, int trapKind)
    {
        var trap = DeliverTrap(state.Registers, trapKind, TransactionFor(state));
        return trap < 0 ? StepResult.Completed : new StepResult(trap);
    }

    /// <summary>The fast path of trap delivery; returns the trap the entry itself raised, or -1.</summary>
    public int DeliverTrap(ulong[] registers, int trapKind, MemoryTransaction transaction) =>
        _spec.TrapEntry is null ? -1 : Execute(registers, TrapEntryId, [(ulong)_spec.Traps[trapKind].Code], transaction);

    /// <summary>True when a condition of the spec (a mode's predicate, an invariant) holds in a state.</summary>
    public bool Holds(BoundExpr condition, MachineState state) =>
        Condition(condition)(state.Registers, new MemoryTransaction(state.Memory ?? EmptyMemory, _spec.Endianness));

    /// <summary>A condition of the spec compiled once, for callers that test it on every step.</summary>
    public Func<ulong[], MemoryTransaction, bool> Condition(BoundExpr condition) =>
        _conditions.GetOrAdd(condition, ConcreteCompiler.CompileCondition);

    /// <summary>True when a condition that reads operands (vmm.reserved_memory's addr) holds in a state.</summary>
    public bool Holds(BoundExpr condition, MachineState state, ulong[] operands)
    {
        var predicate = _operandConditions.GetOrAdd(condition, ConcreteCompiler.CompileConditionWithOperands);
        return predicate(state.Registers, operands, new MemoryTransaction(state.Memory ?? EmptyMemory, _spec.Endianness));
    }

    /// <summary>The name of the first mode whose predicate holds, or "no mode".</summary>
    public string ModeOf(MachineState state) =>
        _spec.Modes.FirstOrDefault(m => Holds(m.When, state))?.Name ?? "no mode";

    // Two threads may compile the same body at once; both delegates are equivalent and either is kept.
    private CompiledBody CompileBody(int id)
    {
        var compiled = ConcreteCompiler.Compile(_sources[id], _coverage, _registerWidths);
        return Interlocked.CompareExchange(ref _bodies[id], compiled, null) ?? compiled;
    }

    private static readonly SparseMemory EmptyMemory = new(1, 1);
}
