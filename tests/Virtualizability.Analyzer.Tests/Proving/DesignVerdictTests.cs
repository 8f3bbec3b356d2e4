using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>
/// For each design, one edited instruction changes the verdict as the theory says: an instruction made to
/// trap (or not) enters or leaves the failing set, the patch set and the hypercall list.
/// </summary>
public sealed class DesignVerdictTests
{
    // LRA as in pg74.yaml: no privilege check, so a user program sees where the VMM placed it.
    private const string UnprivilegedLra = """
          - name: LRA
            operands: [{ name: r, kind: reg, group: acc }, { name: a, kind: mem }]
            body: |
              r := a + RL;
        """;

    private const string PrivilegedLra = """
          - name: LRA
            operands: [{ name: r, kind: reg, group: acc }, { name: a, kind: mem }]
            body: |
              if M == 0 { trap privilege; }
              r := a + RL;
        """;

    // HALT without its privilege check: it stops the real machine from user mode.
    private const string UnprivilegedHalt = """
          - name: HALT
            operands: [{ name: e, kind: mem }]
            body: |
              RUN := 0;
              PC := e;
        """;

    [Fact]
    public void TrapAndEmulateIsRefutedOnAnInstructionThatStopsTrapping()
    {
        var before = EditedSpecs.Prove(SpecLoader.Load(Path.Combine(Repo.Specs, "pg74-virtualizable.yaml")), VmmDesign.TrapAndEmulate);
        var after = EditedSpecs.Prove(EditedSpecs.Load("pg74-virtualizable.yaml", "pg74-lra-open", UnprivilegedLra), VmmDesign.TrapAndEmulate);

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(1, after.ExitCode);
        Assert.Equal(["LRA"], after.TheoremCheck!.Failing.ToArray());
        Assert.True(after.TheoremCheck.Agrees);
        var refuted = after.Instructions.Single(i => i.Name == "LRA").Obligations.Single(o => o.Result is ProofResult.Refuted);
        Assert.Equal("EQ-USER", refuted.Obligation.Id);
    }

    [Fact]
    public void HybridIsProvedOnceTheUserSensitiveInstructionTraps()
    {
        var before = EditedSpecs.Prove(SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml")), VmmDesign.Hybrid);
        var after = EditedSpecs.Prove(EditedSpecs.Load("pg74.yaml", "pg74-lra-closed", PrivilegedLra), VmmDesign.Hybrid);

        // RDMODE stays unprivileged and critical, but reads 0 in user mode as the virtual user does.
        Assert.Equal(["LRA"], before.TheoremCheck!.Failing.ToArray());
        Assert.Equal(1, before.ExitCode);
        Assert.Equal(0, after.ExitCode);
        Assert.True(after.TheoremCheck!.Agrees);
    }

    [Theory]
    [InlineData(VmmDesign.Patched)]
    [InlineData(VmmDesign.Paravirtual)]
    public void ThePatchSetFollowsTheCriticalSet(VmmDesign design)
    {
        var before = EditedSpecs.Prove(SpecLoader.Load(Path.Combine(Repo.Specs, "pdp10.yaml")), design);
        var after = EditedSpecs.Prove(EditedSpecs.Load("pdp10.yaml", "pdp10-halt-open", UnprivilegedHalt), design);

        Assert.Equal(["JRST1"], before.PatchSet.Select(p => p.Instruction));
        Assert.Equal(["JRST1", "HALT"], after.PatchSet.Select(p => p.Instruction).Order(StringComparer.Ordinal).Reverse());
        Assert.All(after.PatchSet, p => Assert.True(p.Needed, p.Explanation));
        Assert.Equal(0, after.ExitCode);
        Assert.Equal(design == VmmDesign.Paravirtual ? 2 : 0, after.Hypercalls.Length);
    }

    [Fact]
    public void UnpatchingHaltBreaksResourceControl()
    {
        var proof = EditedSpecs.Prove(EditedSpecs.Load("pdp10.yaml", "pdp10-halt-open", UnprivilegedHalt), VmmDesign.TrapAndEmulate);

        var halt = proof.Instructions.Single(i => i.Name == "HALT");
        var control = halt.Obligations.Single(o => o.Obligation.Kind == ObligationKind.RcControl);
        var counterexample = Assert.IsType<ProofResult.Refuted>(control.Result).Counterexample;
        Assert.Equal("RUN", counterexample.Resource);
        Assert.Equal("user", counterexample.Real.Mode);
    }
}
