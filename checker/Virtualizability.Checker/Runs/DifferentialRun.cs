using Virtualizability.Analyzer.Running;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Checker.Runs;

/// <summary>
/// Runs a guest on bare metal and under a reference VMM from the same start state, with the same virtual
/// timer, and compares what the guest sees. Both runs first go at full speed and their end states are
/// compared; when they differ, both are run again in lockstep, one guest step at a time, to find the first
/// step after which they differ.
/// </summary>
public static class DifferentialRun
{
    public static CheckRun Run(Guest guest, VmmOptions options)
    {
        var bare = new BareMetalGuest(guest.Machine, guest.Start.Clone(), guest.NewProgram());
        var vmm = NewVmm(guest, options);
        var bareEnd = RunToEnd(bare, guest);
        var vmmEnd = RunToEnd(vmm, guest);
        var difference = bareEnd.Stop != vmmEnd.Stop || bare.Steps != vmm.Steps
            || StateComparison.FirstDifference(guest.Spec, bare.GuestState, vmm.GuestState) is not null;
        var divergence = difference ? Lockstep(guest, options) : null;
        return new CheckRun(guest.Name, options.Design, Side(bare, bareEnd, guest), Side(vmm, vmmEnd, guest), divergence, vmm.Counts, vmm.Escapes);
    }

    public static ReferenceVmm NewVmm(Guest guest, VmmOptions options) =>
        new(guest.Machine, guest.Start, guest.NewProgram(), options with { Allocate = [.. guest.Allocate, .. options.Allocate] });

    /// <summary>How a run of the guest to its step limit ended.</summary>
    public readonly record struct End(RunStop Stop, string? Message);

    private static SideOutcome Side(IGuestRunner runner, End end, Guest guest) =>
        new(end.Stop, end.Message, runner.Steps, guest.Output?.Read(runner.GuestState));

    /// <summary>Runs a guest to its end or its step limit, interrupted by its virtual timer.</summary>
    public static End RunToEnd(IGuestRunner runner, Guest guest)
    {
        while (true)
        {
            var left = guest.Steps - runner.Steps;
            var slice = guest.Timer is { } timer ? Math.Min(left, timer.Period - runner.Steps % timer.Period) : left;
            var stop = runner.Advance(slice, out var message);
            if (stop != RunStop.StepLimit || runner.Steps >= guest.Steps)
            {
                return new End(stop, message);
            }

            if (!Tick(runner, guest))
            {
                return new End(RunStop.TrapInTrapEntry, "delivering the timer interrupt raised a trap");
            }
        }
    }

    // After a step that ends a timer period, the guest is interrupted if the state it sees allows it.
    private static bool Tick(IGuestRunner runner, Guest guest)
    {
        if (guest.Timer is not { } timer || runner.Steps % timer.Period != 0)
        {
            return true;
        }

        return !guest.Machine.Holds(timer.Enabled, runner.GuestState) || runner.Interrupt(timer.Vector);
    }

    private static Divergence? Lockstep(Guest guest, VmmOptions options)
    {
        var bare = new BareMetalGuest(guest.Machine, guest.Start.Clone(), guest.NewProgram());
        var vmm = NewVmm(guest, options);
        var pc = guest.Spec.ProgramCounter!.Value;
        while (bare.Steps < guest.Steps)
        {
            var address = bare.GuestState.Registers[pc];
            var instruction = bare.Runner.Blocks.Get(address, out _)?.Instructions[0].Text ?? "?";
            var (before, beforeVmm) = (bare.Steps, vmm.Steps);
            var bareStop = bare.Advance(1, out _);
            var vmmStop = vmm.Advance(1, out var message);
            var bareTicked = bare.Steps > before && Tick(bare, guest);
            var vmmTicked = vmm.Steps > beforeVmm && Tick(vmm, guest);
            if (StateComparison.FirstDifference(guest.Spec, bare.GuestState, vmm.GuestState) is { } d)
            {
                return new Divergence(bare.Steps, address, instruction, d.Resource, d.First, d.Second);
            }

            if (bareStop != vmmStop || bare.Steps != vmm.Steps || bareTicked != vmmTicked)
            {
                return new Divergence(bare.Steps, address, instruction, "run", (ulong)bareStop, (ulong)vmmStop,
                    $"bare metal: {bareStop}; under the VMM: {vmmStop}{(message is null ? "" : $" ({message})")}");
            }

            if (bareStop != RunStop.StepLimit)
            {
                return null;
            }
        }

        return null;
    }
}
