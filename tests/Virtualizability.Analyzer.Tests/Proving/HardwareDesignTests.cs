using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>
/// The hardware-assisted design on x86-32-vtx.yaml: the synthesized control setting and why each control is
/// in it, a setting without a needed control refuted on the instruction that needs it, and an edited exit
/// condition that moves a control out of the setting.
/// </summary>
public sealed class HardwareDesignTests
{
    private static readonly Lazy<IsaSpec> Vtx = new(() => SpecLoader.Load(Path.Combine(Repo.Specs, "x86-32-vtx.yaml")));
    private static readonly Lazy<SpecProof> Synthesized = new(() => Prove(Vtx.Value, controls: null));

    // HLT exiting unconditionally, as CPUID does: HLT no longer needs a control.
    private const string HltAlwaysExits = """
          - name: HLT
            operands: []
            body: |
              if CPL != 0 { trap GP; }
              if VMX_NONROOT == 1 { trap EXIT_HLT; }
              RUN := 0;
        """;

    [Fact]
    public void TheSynthesizedSettingProvesEveryObligation()
    {
        var proof = Synthesized.Value;

        Assert.Equal(0, proof.ExitCode);
        Assert.True(proof.Hardware!.Found);
        Assert.True(proof.Hardware.Synthesized);
        Assert.All(proof.Instructions, i => Assert.All(i.Obligations, o => Assert.True(o.Result.Holds, $"{i.Name} {o.Obligation.Id}")));
    }

    [Fact]
    public void TheGuestKeepsItsOwnDescriptorTablesButNotTheMachinesHaltOrDevices()
    {
        var setting = Synthesized.Value.Hardware!.SettingNames;

        // In non-root operation the guest reads and loads its own GDTR, IDTR, LDTR and TR (SDM 24.4).
        Assert.DoesNotContain("DESC_TABLE_EXITING", setting);
        Assert.Contains("HLT_EXITING", setting);
        Assert.Contains("UNCOND_IO_EXITING", setting);
    }

    [Fact]
    public void EveryControlOfTheSettingIsNeededByANamedObligation()
    {
        var hardware = Synthesized.Value.Hardware!;

        Assert.Equal(hardware.SettingNames.Order(StringComparer.Ordinal), hardware.Needs.Select(n => n.Control).Order(StringComparer.Ordinal));
        Assert.All(hardware.Needs, need =>
        {
            Assert.NotNull(Vtx.Value.FindInstruction(need.Instruction));
            Assert.Contains(need.ObligationId, Obligation.Ids);
        });
    }

    /// <summary>
    /// Asked for by name rather than searched, a setting still says what each of its controls is needed
    /// for: the settings without one control are proved for it, not looked up among the searched ones.
    /// </summary>
    [Fact]
    public void AnAskedForSettingNamesWhatEachControlIsNeededForAsTheSearchDoes()
    {
        var synthesized = Synthesized.Value.Hardware!;
        var asked = Prove(Vtx.Value, synthesized.SettingNames).Hardware!;

        Assert.False(asked.Synthesized);
        Assert.True(asked.Found);
        Assert.Equal(Obligations(synthesized.Needs), Obligations(asked.Needs));
        Assert.Equal(Obligations(synthesized.NeededBy), Obligations(asked.NeededBy));
        Assert.All(asked.Needs, need => Assert.NotEqual("", need.Instruction));
    }

    [Fact]
    public void ASettingWithoutHaltExitingIsRefutedOnHalt()
    {
        var without = Synthesized.Value.Hardware!.SettingNames.Where(c => c != "HLT_EXITING").ToList();
        var proof = Prove(Vtx.Value, without);

        Assert.Equal(1, proof.ExitCode);
        Assert.False(proof.Hardware!.Found);
        var refuted = proof.Instructions.Where(i => i.Obligations.Any(o => o.Result is ProofResult.Refuted)).Select(i => i.Name);
        Assert.Equal(["HLT"], refuted);
    }

    [Fact]
    public void AnUnconditionalExitTakesItsControlOutOfTheSetting()
    {
        var edited = EditedSpecs.Load("x86-32-vtx.yaml", "vtx-hlt-always-exits", HltAlwaysExits);
        var proof = Prove(edited, controls: null);

        Assert.Equal(0, proof.ExitCode);
        Assert.DoesNotContain("HLT_EXITING", proof.Hardware!.SettingNames);
        Assert.Equal(Synthesized.Value.Hardware!.SettingNames.Where(c => c != "HLT_EXITING"), proof.Hardware.SettingNames);
    }

    [Fact]
    public void ASpecWithoutControlsCannotBeProvedForHardware()
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml"));

        var error = Assert.Throws<ProofSetupException>(() => Prove(spec, controls: null));
        Assert.Contains("declares no vmm.controls", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VmmDesign.TrapAndEmulate)]
    [InlineData(VmmDesign.Hybrid)]
    public void ADeprivilegingDesignIsRefusedOnAHardwareSpec(VmmDesign design)
    {
        var error = Assert.Throws<ProofSetupException>(() => SpecProver.Prove(Vtx.Value, new ProverOptions(design, Jobs: 2)));
        Assert.Contains("prove it with --vmm hardware", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { VmmDesign.Hardware }, DesignSuite.Designs(Vtx.Value).ToArray());
    }

    [Fact]
    public void AnUnknownControlIsNamedWithTheDeclaredOnes()
    {
        var error = Assert.Throws<ProofSetupException>(() => Prove(Vtx.Value, ["HLT_EXITING", "EPT"]));
        Assert.Contains("unknown control 'EPT'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DESC_TABLE_EXITING", error.Message, StringComparison.Ordinal);
    }

    /// <summary>VT-x changes nothing about ring deprivileging: the classical questions answer as on x86-32.</summary>
    [Theory]
    [InlineData("ring1")]
    [InlineData("ring3")]
    public void TheClassicalQuestionsAnswerAsOnX86(string guest)
    {
        var x86 = Classifications.Of("x86-32.yaml", guest);
        var vtx = Classifications.Of("x86-32-vtx.yaml", guest);

        Assert.Equal(x86.Instructions.Select(i => (i.Name, i.Class)), vtx.Instructions.Select(i => (i.Name, i.Class)));
    }

    private static IEnumerable<string> Obligations(IEnumerable<ControlNeed> needs) =>
        needs.Select(n => $"{n.Control}: {n.ObligationId} of {n.Instruction}");

    private static SpecProof Prove(IsaSpec spec, IReadOnlyList<string>? controls) =>
        HardwareProver.Prove(spec, new ProverOptions(VmmDesign.Hardware, Jobs: 2), controls);
}
