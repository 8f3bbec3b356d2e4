using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>
/// Controls that are fields of a register (REG.FIELD): riscv64-h's hstatus traps under --vmm hardware, what
/// each is needed for (nothing, while the guest owns its VS CSRs; VTVM once the VMM keeps vsatp), what a
/// control set without need costs (EFF), and the located error for a control that is no 1-bit field.
/// </summary>
public sealed class ControlFieldTests
{
    private static readonly Lazy<IsaSpec> RiscvH = new(() => SpecLoader.Load(Path.Combine(Repo.Specs, "riscv64-h.yaml")));

    [Fact]
    public void FieldsAreControlsAtTheirBit()
    {
        var controls = RiscvH.Value.Vmm.Embedding.Controls;
        var hstatus = RiscvH.Value.FindRegister("HSTATUS")!;

        Assert.Equal(["HSTATUS.VTVM", "HSTATUS.VTW", "HSTATUS.VTSR"], controls.Select(c => c.Name));
        Assert.All(controls, c => Assert.Equal(hstatus.Index, c.Register));
        Assert.Equal([20, 21, 22], controls.Select(c => c.Bit));
    }

    /// <summary>The guest owns its VS CSRs and the hstatus traps are the hypervisor's choice: no control is needed.</summary>
    [Fact]
    public void TheSynthesizedSettingOfRiscvHIsEmptyAndProvesEveryObligation()
    {
        var proof = Prove(RiscvH.Value, controls: null);

        Assert.Equal(0, proof.ExitCode);
        Assert.True(proof.Hardware!.Found);
        Assert.Empty(proof.Hardware.SettingNames);
    }

    /// <summary>VTW makes WFI, which the virtual machine runs, leave VS-mode: correct, but not efficient.</summary>
    [Fact]
    public void AControlSetWithoutNeedBreaksEfficiency()
    {
        var proof = Prove(RiscvH.Value, ["HSTATUS.VTW"]);

        Assert.Equal(1, proof.ExitCode);
        var refuted = proof.Instructions.Where(i => i.Obligations.Any(o => o.Result is ProofResult.Refuted)).ToList();
        Assert.Equal(["WFI"], refuted.Select(i => i.Name));
        Assert.All(refuted[0].Obligations.Where(o => o.Result is ProofResult.Refuted), o => Assert.Equal("EFF", o.Obligation.Id));
    }

    /// <summary>
    /// A VMM that keeps the guest's vsatp for itself (no second stage) needs VTVM for the CSR instructions on
    /// satp, and a setting without it is refuted there; but VTVM also makes SFENCE.VMA, which the virtual
    /// machine runs, leave VS-mode, so no setting proves every obligation.
    /// </summary>
    [Fact]
    public void KeepingVsatpNeedsVtvmAndASettingWithoutItIsRefuted()
    {
        var spec = Variant("riscv64-h.yaml", "riscv64-h-shadow-vsatp",
            "vmm:\n  passthrough: [PRV, V, VSSTATUS, VSIE, VSTVEC, VSSCRATCH, VSEPC, VSCAUSE, VSTVAL, SCOUNTEREN]\n");

        var synthesized = Prove(spec, controls: null);
        Assert.False(synthesized.Hardware!.Found);
        Assert.Contains(synthesized.Hardware.Needs, n => n is { Control: "HSTATUS.VTVM", Instruction: "CSRRW", ObligationId: "EQ-USER" });
        Assert.Contains(synthesized.Instructions, i => i.Name == "SFENCE_VMA" && i.Obligations.Any(o => o.Result is ProofResult.Refuted && o.Obligation.Id == "EFF"));

        var without = Prove(spec, []);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains(without.Instructions, i => i.Name == "CSRRW" && i.Obligations.Any(o => o.Result is ProofResult.Refuted));
    }

    [Theory]
    [InlineData("HSTATUS.VSXL", "not a 1-bit control register or field")]
    [InlineData("HSTATUS.NOPE", "not a 1-bit control register or field")]
    [InlineData("X1", "not a 1-bit control register or field")]
    public void AControlThatIsNoOneBitControlFieldIsALocatedError(string control, string message)
    {
        var error = Assert.Throws<SpecException>(() => Variant("riscv64-h.yaml", "riscv64-h-bad-control", $"vmm:\n  controls: [{control}]\n"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("riscv64-h-bad-control.yaml:4:", error.Message, StringComparison.Ordinal);
    }

    private static IsaSpec Variant(string shipped, string isa, string body)
    {
        var folder = Directory.CreateTempSubdirectory("virt-controls-");
        try
        {
            var path = Path.Combine(folder.FullName, isa + ".yaml");
            File.WriteAllText(path, $"isa: {isa}\nextends: {Path.Combine(Repo.Specs, shipped)}\n{body}");
            return SpecLoader.Load(path);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static SpecProof Prove(IsaSpec spec, IReadOnlyList<string>? controls) =>
        HardwareProver.Prove(spec, new ProverOptions(VmmDesign.Hardware, Jobs: 2), controls);
}
