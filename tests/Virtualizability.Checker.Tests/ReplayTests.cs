using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Vmm;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// Every classification witness and every trap-and-emulate counterexample of every shipped spec, rebuilt
/// from its reported values and run again, reproduces its outcome and shows its claimed difference; and
/// randomized differential runs find no divergence on an instruction whose equivalence is proved.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string> ShippedSpecs() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "isa-specs"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void EveryWitnessAndCounterexampleReplays(string file)
    {
        var spec = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "isa-specs", file));

        var cases = Replay.All(spec, new VmmOptions(VmmDesign.TrapAndEmulate));

        Assert.NotEmpty(cases);
        Assert.All(cases, c => Assert.True(c.Reproduced, $"{c.Kind} {c.Instruction} {c.Claim}: {c.Detail}"));
    }

    [Theory]
    [InlineData("pg74-virtualizable", VmmDesign.TrapAndEmulate)]
    [InlineData("pdp10", VmmDesign.Hybrid)]
    [InlineData("x86-32", VmmDesign.Patched)]
    public void RandomDifferentialRunsOfProvedInstructionsDoNotDiverge(string spec, VmmDesign design)
    {
        var options = new VmmOptions(design) { PatchSet = design.Patches() ? GuestOutcomeTests.CriticalOf(spec) : [] };

        var runs = RandomDifferential.Run(GuestOutcomeTests.Spec(spec), options, 20, seed: 7);

        Assert.True(runs.Runs > 0);
        Assert.Empty(runs.Failures);
    }

    [Fact]
    public void RandomDifferentialRunsUnderTheHardwareVmmDoNotDiverge()
    {
        var options = GuestOutcomeTests.HardwareOptions("HLT_EXITING", "RDPMC_EXITING", "RDTSC_EXITING", "MOV_DR_EXITING", "UNCOND_IO_EXITING", "WBINVD_EXITING");

        var runs = RandomDifferential.Run(GuestOutcomeTests.Spec("x86-32-vtx"), options, 5, seed: 7);

        Assert.Equal(GuestOutcomeTests.Spec("x86-32-vtx").Instructions.Length, runs.Instructions);
        Assert.True(runs.Runs > 0);
        Assert.Empty(runs.Failures);
    }

    [Fact]
    public void TheHardwareDesignsCounterexamplesAreReplayedUnderEverySetting()
    {
        var cases = Replay.All(GuestOutcomeTests.Spec("x86-32-vtx"), new VmmOptions(VmmDesign.Hardware));

        Assert.Contains(cases, c => c.Kind == "counterexample" && c.Instruction == "HLT" && c.Claim.StartsWith("EQ-HIDDEN", StringComparison.Ordinal) && c.Claim.EndsWith("[]", StringComparison.Ordinal));
        Assert.DoesNotContain(cases, c => c.Kind == "counterexample" && c.Instruction == "HLT" && c.Claim.EndsWith("[HLT_EXITING]", StringComparison.Ordinal));
        Assert.All(cases, c => Assert.True(c.Reproduced, $"{c.Kind} {c.Instruction} {c.Claim}: {c.Detail}"));
    }
}
