using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Running;

/// <summary>What to do with a trap: the machine's own trap sequence on bare metal, a VMM's dispatcher under one.</summary>
public interface ITrapHandler
{
    /// <summary>
    /// Handles trap <paramref name="kind"/> (an index into the spec's traps, or <see cref="ProgramRunner.PatchTrap"/>)
    /// raised by <paramref name="at"/> (the state is as before it); false stops the run.
    /// </summary>
    bool OnTrap(ProgramRunner runner, int kind, DecodedInstruction at);
}

/// <summary>
/// Runs a program on the concrete machine: fetches the instruction at the PC (through the block cache),
/// runs its compiled body by id, lets the trap handler deal with a trap (by default the spec's trap_entry,
/// after which the run continues at the PC it set), and stops when the spec's halted condition holds, at
/// the step limit, or where nothing decodes. One runner runs one state.
/// </summary>
public sealed class ProgramRunner
{
    private readonly int _pc;
    private readonly bool[] _mayHalt;
    private readonly Func<ulong[], MemoryTransaction, bool>? _halted;
    private readonly List<TrapEvent> _traps = [];
    private long _trapCount;

    /// <summary>The trap kind a patched instruction raises: it reaches the trap handler, never the spec's trap entry.</summary>
    public const int PatchTrap = int.MaxValue;

    public ProgramRunner(ConcreteMachine machine, MachineState state, IProgramDecoder decoder)
        : this(machine, state, decoder, null)
    {
    }

    /// <summary>A runner that shares <paramref name="blocks"/> with another runner on the same memory (a VMM's interpreter beside its direct runner).</summary>
    public ProgramRunner(ConcreteMachine machine, MachineState state, BlockCache blocks)
        : this(machine, state, null, blocks)
    {
    }

    private ProgramRunner(ConcreteMachine machine, MachineState state, IProgramDecoder? decoder, BlockCache? blocks)
    {
        var spec = machine.Spec;
        _pc = spec.ProgramCounter ?? throw new ArgumentException($"{spec.Name} has no pc: programs run only on machines with a program counter");
        (Machine, State) = (machine, state);
        Transaction = machine.TransactionFor(state);
        var writes = spec.Instructions.Select(i => RegisterWrites.Of(i.Body, spec.Registers.Length)).ToArray();
        Blocks = blocks ?? new BlockCache(decoder!, state, writes.Select(w => w.Registers[_pc]).ToArray());
        _halted = spec.Halted is { } halted ? machine.Condition(halted) : null;
        _mayHalt = writes.Select(w => MayHalt(spec, w)).ToArray();
    }

    public ConcreteMachine Machine { get; }

    public MachineState State { get; }

    public MemoryTransaction Transaction { get; }

    public BlockCache Blocks { get; }

    /// <summary>Who handles traps; null means the machine's own trap sequence (bare metal).</summary>
    public ITrapHandler? TrapHandler { get; set; }

    public bool IsHalted => _halted is not null && _halted(State.Registers, Transaction);

    /// <summary>Instructions completed so far, over every call.</summary>
    public long Completed { get; private set; }

    /// <summary>Steps taken so far (instructions completed or trapped), over every call.</summary>
    public long Steps { get; private set; }

    /// <summary>Runs at most <paramref name="maxSteps"/> instructions (completed or trapped).</summary>
    public RunOutcome Run(long maxSteps)
    {
        var completed = Completed;
        var stop = Advance(maxSteps, out var message);
        return new(Completed - completed, _trapCount, [.. _traps], stop, message, Blocks.BlocksDecoded);
    }

    /// <summary>
    /// Runs at most <paramref name="maxSteps"/> steps and says why it stopped (<see cref="RunStop.StepLimit"/>
    /// when it used them all); the counts accumulate in <see cref="Steps"/> and <see cref="Completed"/>. Runs
    /// that go on in slices (a timer between them, two machines in lockstep) call it repeatedly.
    /// </summary>
    public RunStop Advance(long maxSteps, out string? message)
    {
        var stop = Loop(maxSteps, out var steps, out var completed, out message);
        Steps += steps;
        Completed += completed;
        return stop;
    }

    /// <summary>Traps raised so far, over every call.</summary>
    public long TrapCount => _trapCount;

    /// <summary>The first traps raised (at most <see cref="RunOutcome.MaxTrapsListed"/>).</summary>
    public IReadOnlyList<TrapEvent> Traps => _traps;

    private RunStop Loop(long maxSteps, out long steps, out long completed, out string? message)
    {
        var registers = State.Registers;
        steps = 0;
        completed = 0;
        message = null;
        DecodedBlock? block = null;
        while (true)
        {
            if (IsHalted)
            {
                return RunStop.Halted;
            }

            if (steps >= maxSteps)
            {
                return RunStop.StepLimit;
            }

            var pc = registers[_pc];
            var next = block?.Successor;
            if (next is null || next.Start != pc || !next.Valid)
            {
                next = Blocks.Get(pc, out var error);
                if (next is null)
                {
                    message = error;
                    return RunStop.DecodeError;
                }

                if (block is not null)
                {
                    block.Successor = next;
                }
            }

            block = next;
            var (ran, done, stop) = RunBlock(block, maxSteps - steps);
            steps += ran;
            completed += done;
            if (stop is { } s)
            {
                message = s == RunStop.TrapInTrapEntry ? "the trap entry raised a trap while delivering one" : null;
                return s;
            }
        }
    }

    /// <summary>Delivers a trap through the spec's trap_entry; false when the entry itself traps.</summary>
    public bool DeliverTrap(int kind) => Machine.DeliverTrap(State.Registers, kind, Transaction) < 0;

    // Runs one block from its start until control leaves it; returns the steps taken, the instructions
    // completed, and a reason to stop the whole run, if any.
    private (long Ran, long Completed, RunStop? Stop) RunBlock(DecodedBlock block, long budget)
    {
        var registers = State.Registers;
        var generation = Blocks.Generation;
        var instructions = block.Instructions;
        long completed = 0;
        for (var i = 0; i < instructions.Length && i < budget; i++)
        {
            var decoded = instructions[i];
            FillAddresses(decoded, registers);
            var trap = decoded.Patched ? PatchTrap : Machine.Execute(registers, decoded.Id, decoded.Operands, Transaction);
            if (trap >= 0)
            {
                return (i + 1, completed, Trap(trap, decoded));
            }

            completed++;
            if (registers[_pc] != decoded.NextPc || _mayHalt[decoded.Id] || Blocks.Generation != generation)
            {
                return (i + 1, completed, null);
            }
        }

        return (Math.Min(instructions.Length, budget), completed, null);
    }

    private RunStop? Trap(int kind, DecodedInstruction at)
    {
        _trapCount++;
        if (_traps.Count < RunOutcome.MaxTrapsListed)
        {
            _traps.Add(new TrapEvent(kind == PatchTrap ? "patch" : Machine.Spec.Traps[kind].Name, at.Address, at.Text));
        }

        if (TrapHandler is { } handler)
        {
            return handler.OnTrap(this, kind, at) ? null : RunStop.Stopped;
        }

        if (kind == PatchTrap)
        {
            throw new InvalidOperationException($"{at}: a patched instruction ran without a VMM to handle its trap");
        }

        return DeliverTrap(kind) ? null : RunStop.TrapInTrapEntry;
    }

    private void FillAddresses(DecodedInstruction decoded, ulong[] registers)
    {
        foreach (var mode in decoded.Addresses)
        {
            var address = mode.Displacement;
            if (mode.Base >= 0)
            {
                address += registers[mode.Base];
            }

            if (mode.Index >= 0)
            {
                address += registers[mode.Index] * (ulong)mode.Scale;
            }

            decoded.Operands[mode.Operand] = address & Transaction.Memory.AddressMask;
        }
    }

    // An instruction can make the halted condition true only by writing what it reads.
    private static bool MayHalt(IsaSpec spec, RegisterWrites writes)
    {
        if (spec.Halted is not { } halted)
        {
            return false;
        }

        var reads = Classification.RegisterBits.Of(halted, spec.Registers.Length);
        return (writes.Memory && ReadsMemory(halted)) || reads.Where((bits, r) => bits != 0 && writes.Registers[r]).Any();
    }

    private static bool ReadsMemory(Semantics.BoundExpr expr) => expr switch
    {
        Semantics.MemoryRead => true,
        Semantics.SliceExpr s => ReadsMemory(s.Value),
        Semantics.UnaryBound u => ReadsMemory(u.Operand),
        Semantics.BinaryBound b => ReadsMemory(b.Left) || ReadsMemory(b.Right),
        Semantics.ExtendExpr e => ReadsMemory(e.Value),
        Semantics.IteExpr i => ReadsMemory(i.Condition) || ReadsMemory(i.Then) || ReadsMemory(i.Else),
        _ => false,
    };
}
