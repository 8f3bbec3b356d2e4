using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;

namespace Virtualizability.Checker.Runs;

/// <summary>A guest being run, on bare metal or under a VMM, in slices (a timer between them, another machine in lockstep).</summary>
public interface IGuestRunner
{
    /// <summary>The state the guest sees: the machine itself on bare metal, the virtual machine under a VMM.</summary>
    MachineState GuestState { get; }

    /// <summary>Guest steps taken so far (instructions completed or trapped, on either side of the VMM).</summary>
    long Steps { get; }

    /// <summary>Runs at most <paramref name="maxSteps"/> guest steps; why it stopped.</summary>
    RunStop Advance(long maxSteps, out string? message);

    /// <summary>Interrupts the guest with vector <paramref name="code"/> through its trap sequence; false when that faulted.</summary>
    bool Interrupt(ulong code);
}

/// <summary>The guest on the bare concrete machine, as the hardware would run it.</summary>
public sealed class BareMetalGuest(ConcreteMachine machine, MachineState state, IProgramDecoder program) : IGuestRunner
{
    private readonly ProgramRunner _runner = new(machine, state, program);

    public MachineState GuestState => state;

    public long Steps => _runner.Steps;

    public ProgramRunner Runner => _runner;

    public RunStop Advance(long maxSteps, out string? message) => _runner.Advance(maxSteps, out message);

    public bool Interrupt(ulong code) => machine.Execute(state.Registers, machine.TrapEntryId, [code], _runner.Transaction) < 0;
}
