using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// The x86 guests under the hardware-assisted VMM on x86-32-vtx: the guest runs at its own ring on its own
/// state, so the critical instructions that trap-and-emulate gets wrong are right here, whether or not a
/// control makes them exit; HLT without HLT exiting halts the real machine (a control escape).
/// </summary>
public sealed class HardwareOutcomeTests
{
    private static readonly Lazy<ControlSetting> Synthesized = new(() =>
        HardwareProver.Prove(GuestOutcomeTests.Spec("x86-32-vtx"), new ProverOptions(VmmDesign.Hardware), null).Hardware!.Setting);

    [Fact]
    public void PopfUnderTheSynthesizedSettingIsEquivalentAndTheTimerRuns()
    {
        var options = new Vmm.VmmOptions(VmmDesign.Hardware) { Controls = Synthesized.Value };
        var guest = GuestLoader.Load(new ConcreteMachine(GuestOutcomeTests.Spec("x86-32-vtx")), Path.Combine(RepositoryRoot.Path, "checker", "guests", "popf-critical.bin"));

        var run = DifferentialRun.Run(guest, options);

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(RunStop.Halted, run.Vmm.Stop);
        Assert.True(run.Counts.Interrupts > 0);
        Assert.Equal(1, run.Counts.Traps);
        Assert.Equal(run.Vmm.Steps - 1, run.Counts.Direct);
    }

    [Theory]
    [InlineData("red-pill.bin", 1)]
    [InlineData("red-pill.bin", 2, "DESC_TABLE_EXITING")]
    [InlineData("scoopy.bin", 1)]
    [InlineData("scoopy.bin", 3, "DESC_TABLE_EXITING")]
    public void DetectorsSeeARealMachineWithOrWithoutDescriptorTableExiting(string guest, int exits, params string[] more)
    {
        var run = GuestOutcomeTests.CheckHardware(guest, ["HLT_EXITING", .. more]);

        Assert.Equal("real machine", run.BareMetal.Output);
        Assert.Equal("real machine", run.Vmm.Output);
        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(exits, run.Counts.Traps);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(201, "CR3_LOAD_EXITING", "DESC_TABLE_EXITING")]
    public void TheReloadLoopIsEquivalentExitingOrNot(int exits, params string[] more)
    {
        var run = GuestOutcomeTests.CheckHardware("reload-loop.bin", ["HLT_EXITING", .. more]);

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(0, run.Counts.ControlEscapes);
        Assert.Equal(exits, run.Counts.Traps);
    }

    [Fact]
    public void WithoutHltExitingHltHaltsTheRealMachine()
    {
        var run = GuestOutcomeTests.CheckHardware("red-pill.bin", "RDTSC_EXITING");

        Assert.False(run.Equivalent);
        Assert.Equal(1, run.Counts.ControlEscapes);
        Assert.Equal("RUN", run.Escapes[0].Resource);
        Assert.Equal((1UL, 0UL), (run.Escapes[0].Embedded, run.Escapes[0].Found));
        Assert.Equal(("RUN", "hlt"), (run.Divergence!.Resource, run.Divergence.Instruction));
    }

    [Fact]
    public void TheGuestsOwnTrapIsDeliveredWithoutAnExit()
    {
        // Red Pill at ring 3 with UMIP on: SIDT raises #GP, which goes through the guest's own IDT.
        var spec = GuestOutcomeTests.Spec("x86-32-vtx");
        var loaded = GuestLoader.Load(new ConcreteMachine(spec), Path.Combine(RepositoryRoot.Path, "checker", "guests", "red-pill.bin"));
        var start = loaded.Start.Clone();
        foreach (var (name, value) in new[] { ("CPL", 3UL), ("CS", 0x1BUL), ("SS", 0x23UL), ("DS", 0x23UL) })
        {
            start.Registers[spec.FindRegister(name)!.Index] = value;
        }

        var cr4 = spec.FindRegister("CR4")!;
        start.Registers[cr4.Index] |= 1UL << cr4.FindField("UMIP")!.Low;
        var guest = new Guest("red-pill at ring 3", loaded.Machine, start, loaded.NewProgram) { Steps = 50 };

        var run = DifferentialRun.Run(guest, GuestOutcomeTests.HardwareOptions("HLT_EXITING"));

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.True(run.Counts.GuestTraps > 0);
        Assert.Equal(0, run.Counts.Emulated);
    }

    [Fact]
    public void OnlyTheExitReasonsAreExits()
    {
        var spec = GuestOutcomeTests.Spec("x86-32-vtx");

        var exits = VmExits.Of(spec).Select(k => spec.Traps[k].Name).Order(StringComparer.Ordinal);

        Assert.Equal(spec.Traps.Where(t => t.Name.StartsWith("EXIT_", StringComparison.Ordinal)).Select(t => t.Name).Order(StringComparer.Ordinal), exits);
    }
}
