using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Proving;

/// <summary>
/// A counterexample is reported only when its states satisfy the embedding. Each part of the premise,
/// corrupted alone in an otherwise valid pair, must be caught.
/// </summary>
public sealed class EmbeddingPremisesTests
{
    private static readonly IsaSpec Spec = SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml"));
    private static readonly ConcreteMachine Machine = new(Spec);
    private static readonly EmbeddingPremises Premises = new(Embedding.Of(Spec, "user"), Machine);
    private static readonly InstructionDef Load = Spec.FindInstruction("LOAD")!;

    [Fact]
    public void AVirtualSupervisorPlacedByTheVmmSatisfiesThePremise()
    {
        var (v, r) = ValidPair();

        Assert.Null(Premises.Violation(Load, [1, 5, 0], null, v, r));
    }

    [Theory]
    [InlineData("M", 1, "not in user")]
    [InlineData("RUN", 0, "constraint RUN == 1")]
    [InlineData("A0", 7, "where the embedding copies it")]
    [InlineData("RB", 9, "where the embedding copies it")]
    public void ACorruptedRealRegisterIsCaught(string register, ulong value, string expected)
    {
        var (v, r) = ValidPair();
        r.Registers[Spec.FindRegister(register)!.Index] = value;

        Assert.Contains(expected, Premises.Violation(Load, [1, 5, 0], null, v, r));
    }

    [Fact]
    public void MemoryNotPlacedThroughTheRelocationIsCaught()
    {
        var (v, r) = ValidPair();
        r.Memory![0x1005] = 0x99;

        Assert.Contains("placed by the embedding", Premises.Violation(Load, [1, 5, 0], null, v, r));
    }

    [Fact]
    public void AVirtualStateOutsideTheRestrictedModeIsCaught()
    {
        var (v, r) = ValidPair();

        Assert.Contains("not in user", Premises.Violation(Load, [1, 5, 0], "user", v, r));
    }

    // Virtual supervisor with R = (0x100, 0x40); the VMM runs it in user mode with its own base 0x1000.
    private static (MachineState V, MachineState R) ValidPair()
    {
        var v = Machine.NewState();
        Set(v, "M", 1);
        Set(v, "RUN", 1);
        Set(v, "RL", 0x100);
        Set(v, "RB", 0x40);
        Set(v, "A0", 3);
        v.Memory![0x105] = 0x42;
        var r = Machine.NewState();
        Array.Copy(v.Registers, r.Registers, v.Registers.Length);
        Set(r, "M", 0);
        Set(r, "RL", 0x1000);
        r.Memory![0x1005] = 0x42;
        return (v, r);
    }

    private static void Set(MachineState state, string register, ulong value) => state.Registers[Spec.FindRegister(register)!.Index] = value;
}
