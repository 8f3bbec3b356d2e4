using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Checker;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Reports.Checking;

/// <summary>The sentences every format of a check report shares.</summary>
public static class CheckText
{
    public static string Ending(SideOutcome side) => side.Stop switch
    {
        RunStop.Halted => $"halted after {side.Steps:N0} steps",
        RunStop.StepLimit => $"ran its {side.Steps:N0} steps",
        RunStop.DecodeError => $"stopped after {side.Steps:N0} steps: {side.Message}",
        RunStop.TrapInTrapEntry => $"stopped after {side.Steps:N0} steps: {side.Message ?? "a trap while delivering a trap"}",
        _ => $"stopped after {side.Steps:N0} steps{(side.Message is null ? "" : $": {side.Message}")}",
    };

    public static string Divergence(Divergence d) =>
        d.Resource == "run"
            ? $"step {d.Step:N0}, {Hex.Format(d.Address)} {d.Instruction}: the runs end differently ({d.Note})"
            : $"step {d.Step:N0}, {Hex.Format(d.Address)} {d.Instruction}: {d.Resource} is {Hex.Format(d.BareMetal)} on bare metal, {Hex.Format(d.Vmm)} under the VMM";

    public static IEnumerable<(string Name, long Value)> Counts(VmmCounts c, VmmDesign design)
    {
        yield return ("run directly", c.Direct);
        yield return (design == VmmDesign.Hardware ? "VM exits" : "traps to the VMM", c.Traps);
        yield return ("emulated", c.Emulated);
        yield return ("virtual traps reflected", c.Reflected);
        if (design == VmmDesign.Hardware)
        {
            yield return ("guest traps delivered without an exit", c.GuestTraps);
        }

        if (design == VmmDesign.Hybrid)
        {
            yield return ("interpreted", c.Interpreted);
        }

        if (design.Patches())
        {
            yield return ("blocks scanned", c.BlocksScanned);
            yield return ("patched blocks", c.PatchedBlocks);
            yield return ("patched instructions", c.PatchedInstructions);
            yield return (design == VmmDesign.Paravirtual ? "hypercalls" : "patch traps", c.PatchTraps);
        }

        yield return ("virtual interrupts", c.Interrupts);
        yield return ("control escapes", c.ControlEscapes);
    }

    public static string Escape(ControlEscape e) =>
        $"{e.Resource} changed from {Hex.Format(e.Embedded)} to {Hex.Format(e.Found)} by direct execution (pc {Hex.Format(e.AfterAddress)} at the next trap)";

    /// <summary>The hardware VMM's control setting in words, or nothing for the other designs.</summary>
    public static string Setting(CheckReport report) =>
        report.Controls is { } controls ? $" (controls: {(controls.IsEmpty ? "none" : string.Join(", ", controls))})" : "";

    public static string Verdict(CheckReport report) => report.Passed ? "equivalent" : "DIVERGES";
}
