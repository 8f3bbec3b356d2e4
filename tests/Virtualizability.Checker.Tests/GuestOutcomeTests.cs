using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// The guests of checker/guests/ on bare metal and under each reference VMM, with exactly the outcomes the
/// theory predicts: critical instructions diverge under trap-and-emulate and not once patched.
/// </summary>
public sealed class GuestOutcomeTests
{
    private static readonly Dictionary<string, IsaSpec> Specs = new();
    private static readonly Dictionary<string, System.Collections.Immutable.ImmutableHashSet<string>> Critical = new();

    internal static IsaSpec Spec(string name)
    {
        lock (Specs)
        {
            if (!Specs.TryGetValue(name, out var spec))
            {
                Specs[name] = spec = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "isa-specs", name + ".yaml"));
            }

            return spec;
        }
    }

    internal static CheckRun Check(string spec, string guest, VmmDesign design)
    {
        var loaded = LoadGuest(spec, guest);
        var options = new VmmOptions(design) { PatchSet = design.Patches() ? CriticalOf(spec) : [] };
        return DifferentialRun.Run(loaded, options);
    }

    // Classified once per spec and test run.
    internal static System.Collections.Immutable.ImmutableHashSet<string> CriticalOf(string spec)
    {
        lock (Critical)
        {
            if (!Critical.TryGetValue(spec, out var set))
            {
                Critical[spec] = set = PatchSet.Critical(Spec(spec), null, null);
            }

            return set;
        }
    }

    /// <summary>A guest of x86-32-vtx under the hardware VMM with the named VM-execution controls set.</summary>
    internal static CheckRun CheckHardware(string guest, params string[] controls) =>
        DifferentialRun.Run(LoadGuest("x86-32-vtx", guest), HardwareOptions(controls));

    internal static VmmOptions HardwareOptions(params string[] controls) =>
        new(VmmDesign.Hardware) { Controls = HardwareProver.Setting(Spec("x86-32-vtx"), controls) };

    private static Guest LoadGuest(string spec, string guest) =>
        GuestLoader.Load(new ConcreteMachine(Spec(spec)), Path.Combine(RepositoryRoot.Path, "checker", "guests", guest));

    [Fact]
    public void PopfUnderTrapAndEmulateKeepsIfClearedAndDiverges()
    {
        var run = Check("x86-32", "popf-critical.bin", VmmDesign.TrapAndEmulate);

        var divergence = Assert.IsType<Divergence>(run.Divergence);
        Assert.Equal("EFLAGS.IF", divergence.Resource);
        Assert.Equal("popf", divergence.Instruction);
        Assert.Equal((1UL, 0UL), (divergence.BareMetal, divergence.Vmm));
    }

    [Fact]
    public void PopfPatchedIsEquivalentAndTheTimerRuns()
    {
        var run = Check("x86-32", "popf-critical.bin", VmmDesign.Patched);

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(Analyzer.Running.RunStop.Halted, run.Vmm.Stop);
        Assert.True(run.Counts.Interrupts > 0);
        Assert.True(run.Counts.PatchedInstructions >= 3);
    }

    [Theory]
    [InlineData("red-pill.bin", VmmDesign.TrapAndEmulate, "virtual machine")]
    [InlineData("red-pill.bin", VmmDesign.Patched, "real machine")]
    [InlineData("scoopy.bin", VmmDesign.TrapAndEmulate, "virtual machine")]
    [InlineData("scoopy.bin", VmmDesign.Patched, "real machine")]
    public void DetectorsSeeTheVmmOnlyWhereTheirInstructionRunsDirectly(string guest, VmmDesign design, string verdict)
    {
        var run = Check("x86-32", guest, design);

        Assert.Equal("real machine", run.BareMetal.Output);
        Assert.Equal(verdict, run.Vmm.Output);
        Assert.Equal(verdict == "real machine", run.Equivalent);
    }

    [Theory]
    [InlineData(VmmDesign.TrapAndEmulate)]
    [InlineData(VmmDesign.Hybrid)]
    [InlineData(VmmDesign.Patched)]
    [InlineData(VmmDesign.Paravirtual)]
    public void TheReloadLoopTrapsEveryTimeAndIsEquivalent(VmmDesign design)
    {
        var run = Check("x86-32", "reload-loop.bin", design);

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(Analyzer.Running.RunStop.Halted, run.Vmm.Stop);
        Assert.Equal(0, run.Counts.ControlEscapes);
        Assert.True(design == VmmDesign.Hybrid ? run.Counts.Interpreted >= 300 : run.Counts.Emulated >= 300);
    }

    [Fact]
    public void TheUserLoopRunsEntirelyDirectly()
    {
        var run = Check("x86-32", "user-loop.bin", VmmDesign.TrapAndEmulate);

        Assert.True(run.Equivalent, run.Divergence?.ToString());
        Assert.Equal(run.Vmm.Steps, run.Counts.Direct);
        Assert.Equal(0, run.Counts.Traps);
    }

    [Theory]
    [InlineData("pg74", false)]
    [InlineData("pg74-virtualizable", true)]
    public void RdmodeDivergesOnlyWhereItIsNotPrivileged(string spec, bool equivalent)
    {
        var run = Check(spec, "rdmode.s", VmmDesign.TrapAndEmulate);

        Assert.Equal(equivalent, run.Equivalent);
        if (!equivalent)
        {
            Assert.Equal(("A0", "rdmode A0"), (run.Divergence!.Resource, run.Divergence.Instruction));
        }
    }

    [Theory]
    [InlineData(VmmDesign.TrapAndEmulate, false)]
    [InlineData(VmmDesign.Hybrid, true)]
    public void JrstOneNeedsTheHybridVmm(VmmDesign design, bool equivalent)
    {
        var run = Check("pdp10", "jrst1.s", design);

        Assert.Equal(equivalent, run.Equivalent);
        if (!equivalent)
        {
            Assert.Equal("FLAGS.USER", run.Divergence!.Resource);
        }
    }
}
