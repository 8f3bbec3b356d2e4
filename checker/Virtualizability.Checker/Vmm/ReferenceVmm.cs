using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Checker.Runs;

namespace Virtualizability.Checker.Vmm;

/// <summary>
/// A reference VMM around the concrete machine (DESIGN.md §6). The guest's virtual machine is a state the
/// VMM keeps; the guest runs directly in the real state the allocator embeds it in, and every real trap
/// comes to the dispatcher (<see cref="OnTrap"/>), which copies back what the embedding copies, emulates the
/// trapping instruction by running the spec's semantics on the virtual state, reflects a virtual trap
/// through the guest's own trap sequence when the instruction traps there, and embeds the result again.
/// The designs differ only in what runs directly: trap-and-emulate runs all guest code; hybrid interprets
/// virtual supervisor code; patched and paravirtual replace the critical instructions by a trap the first
/// time control reaches their block, and a guest patched ahead of time traps where its side table says
/// (<see cref="VmmOptions.StaticPatches"/>); hardware runs the guest at its own mode in VMX non-root
/// operation under a control setting, with only VM exits coming to the dispatcher (<see cref="IsGuestTrap"/>).
/// The virtual and real states share the guest's memory.
/// </summary>
public sealed partial class ReferenceVmm : ITrapHandler, IGuestRunner
{
    private readonly ConcreteMachine _machine;
    private readonly RealAllocation _allocation;
    private readonly ProgramRunner _direct;
    private readonly ProgramRunner? _interpreter;
    private readonly MemoryTransaction _virtualMemory;
    private readonly Func<ulong[], MemoryTransaction, bool>? _halted;
    private readonly Func<ulong[], MemoryTransaction, bool>? _directMode;
    private readonly ImmutableArray<ulong> _owned;
    private readonly ImmutableHashSet<int>? _exits;
    private readonly ulong[] _embedded;
    private readonly List<ControlEscape> _escapes = [];
    private RunStop? _fatal;
    private string? _fatalMessage;
    private bool _dirty = true;

    public ReferenceVmm(ConcreteMachine machine, MachineState start, IProgramDecoder program, VmmOptions options)
    {
        var spec = machine.Spec;
        _machine = machine;
        Options = options;
        var hardware = options.Design == VmmDesign.Hardware;
        var embedding = Embedding.Of(spec, hardware ? spec.SupervisorMode : options.GuestMode ?? spec.Vmm.GuestSupervisorMode);
        Virtual = start.Clone();
        Real = new MachineState((ulong[])Virtual.Registers.Clone(), Virtual.Memory);
        _allocation = new RealAllocation(embedding, machine, Preferences.For(spec, embedding, start, options), hardware ? Setting(spec, options) : null);
        _exits = hardware ? VmExits.Of(spec) : null;
        _owned = embedding.Owned;
        _embedded = new ulong[spec.Registers.Length];
        _direct = new ProgramRunner(machine, Real, StaticPatches.Around(program, options.StaticPatches)) { TrapHandler = this };
        _virtualMemory = machine.TransactionFor(Virtual);
        _halted = spec.Halted is { } halted ? machine.Condition(halted) : null;
        if (options.Design == VmmDesign.Hybrid)
        {
            _interpreter = new ProgramRunner(machine, Virtual, _direct.Blocks);
            _directMode = machine.Condition(spec.FindMode(spec.Vmm.GuestUserMode)!.When);
        }

        if (options.Design.Patches())
        {
            _direct.Blocks.Translate = Scan;
        }
    }

    public VmmOptions Options { get; }

    /// <summary>The virtual machine as the guest sees it (current between slices).</summary>
    public MachineState Virtual { get; }

    /// <summary>The real machine the guest runs on.</summary>
    public MachineState Real { get; }

    public MachineState GuestState => Virtual;

    public VmmCounts Counts { get; } = new();

    /// <summary>The first control escapes (at most 100).</summary>
    public IReadOnlyList<ControlEscape> Escapes => _escapes;

    public RealAllocation Allocation => _allocation;

    /// <summary>The decoded (for patching VMMs, translated) blocks the guest runs from.</summary>
    public BlockCache Blocks => _direct.Blocks;

    public long Steps { get; private set; }

    public RunStop Advance(long maxSteps, out string? message)
    {
        var start = Steps;
        message = null;
        while (true)
        {
            if (_fatal is { } fatal)
            {
                message = _fatalMessage;
                return fatal;
            }

            if (VirtualHalted)
            {
                return RunStop.Halted;
            }

            var left = maxSteps - (Steps - start);
            if (left <= 0)
            {
                return RunStop.StepLimit;
            }

            var stop = Interprets ? Interpret(out message) : RunDirectly(left, out message);
            if (stop is not (RunStop.Stopped or RunStop.StepLimit))
            {
                return stop;
            }
        }
    }

    public bool Interrupt(ulong code)
    {
        Counts.Interrupts++;
        _dirty = true;
        return _machine.Execute(Virtual.Registers, _machine.TrapEntryId, [code], _virtualMemory) < 0;
    }

    public bool OnTrap(ProgramRunner runner, int kind, DecodedInstruction at)
    {
        if (IsGuestTrap(kind))
        {
            return DeliverToGuest(runner, kind, at);
        }

        Sync();
        Counts.Traps++;
        if (kind == ProgramRunner.PatchTrap)
        {
            Counts.PatchTraps++;
        }

        if (!Emulate(at))
        {
            return false;
        }

        if (VirtualHalted || Interprets)
        {
            return false;
        }

        return Embed();
    }

    private bool VirtualHalted => _halted is not null && _halted(Virtual.Registers, _virtualMemory);

    private bool Interprets => _directMode is not null && !_directMode(Virtual.Registers, _virtualMemory);

    // The spec's semantics on the virtual state; a trap there is the guest's, delivered by its own trap sequence.
    private bool Emulate(DecodedInstruction at)
    {
        _dirty = true;
        var trap = _machine.Execute(Virtual.Registers, at.Id, at.Operands, _virtualMemory);
        if (trap < 0)
        {
            Counts.Emulated++;
            return true;
        }

        Counts.Reflected++;
        if (_machine.DeliverTrap(Virtual.Registers, trap, _virtualMemory) < 0)
        {
            return true;
        }

        return Fail(RunStop.TrapInTrapEntry, $"{at}: the guest's trap sequence raised a trap while reflecting {_machine.Spec.Traps[trap].Name}");
    }

    private RunStop RunDirectly(long budget, out string? message)
    {
        message = null;
        if (_dirty && !Embed())
        {
            return RunStop.Stopped;
        }

        var (steps, completed) = (_direct.Steps, _direct.Completed);
        var stop = _direct.Advance(budget, out message);
        Steps += _direct.Steps - steps;
        Counts.Direct += _direct.Completed - completed;
        if (stop != RunStop.Stopped)
        {
            Sync();
        }

        return stop;
    }

    private RunStop Interpret(out string? message)
    {
        var (traps, completed) = (_interpreter!.TrapCount, _interpreter.Completed);
        var stop = _interpreter.Advance(1, out message);
        Steps++;
        Counts.Interpreted += _interpreter.Completed - completed;
        Counts.Reflected += _interpreter.TrapCount - traps;
        _dirty = true;
        return stop == RunStop.Halted ? RunStop.StepLimit : stop;
    }

    private bool Embed()
    {
        var problem = _allocation.Embed(Virtual, Real.Registers, _direct.Transaction);
        Counts.AllocatorSolves = _allocation.Solves;
        if (problem is not null)
        {
            return Fail(RunStop.Stopped, $"the VMM cannot embed the virtual state: {problem}");
        }

        Array.Copy(Real.Registers, _embedded, _embedded.Length);
        _dirty = false;
        return true;
    }

    // What ran directly comes back into the virtual state; owned real state it changed is an escape.
    private void Sync()
    {
        if (_dirty)
        {
            return;
        }

        var real = Real.Registers;
        for (var i = 0; i < real.Length; i++)
        {
            if (((real[i] ^ _embedded[i]) & _owned[i]) != 0)
            {
                Escape(i, real);
            }
        }

        _allocation.Sync(real, Virtual.Registers);
        _dirty = true;
    }

    private void Escape(int register, ulong[] real)
    {
        Counts.ControlEscapes++;
        if (_escapes.Count < 100)
        {
            var name = Resources.Name(_machine.Spec, register, (real[register] ^ _embedded[register]) & _owned[register], out var low, out var mask);
            var pc = _machine.Spec.ProgramCounter is { } p ? real[p] : 0;
            _escapes.Add(new ControlEscape(name, (_embedded[register] & mask) >> low, (real[register] & mask) >> low, pc));
        }
    }

    private bool Fail(RunStop stop, string message)
    {
        (_fatal, _fatalMessage) = (stop, message);
        return false;
    }
}
