using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Classification;

/// <summary>
/// A witness must satisfy the premise of its question, not only show the outcome: each test breaks one part
/// of a premise (a mode, an invariant, Φ, the pairing, an operand) and sees the replay refuse it.
/// </summary>
public sealed class WitnessPremiseTests
{
    private static readonly IsaSpec Pg74 = SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml"));
    private static readonly IsaSpec X86 = SpecLoader.Load(Path.Combine(Repo.Specs, "x86-32.yaml"));

    private static readonly PairPremise Privileged = new("supervisor", "user", UsesKeeps: true, PairKind.Mode);

    [Fact]
    public void APairThatSatisfiesThePremiseIsAccepted()
    {
        var (s1, s2) = ModePair();

        Assert.Null(Violation(Pg74, Privileged, s1, s2));
    }

    [Fact]
    public void AStateInTheWrongModeIsRefused()
    {
        var (s1, s2) = ModePair();
        s2.Registers[Register(Pg74, "M")] = 1;

        Assert.StartsWith("s2 is not in user", Violation(Pg74, Privileged, s1, s2));
    }

    [Fact]
    public void AStateThatBreaksTheVmmsConstraintIsRefused()
    {
        var (s1, s2) = ModePair();
        s1.Registers[Register(Pg74, "RUN")] = 0;

        Assert.StartsWith("s1 breaks the VMM's constraint", Violation(Pg74, Privileged, s1, s2));
    }

    [Fact]
    public void AStateThatBreaksAnInvariantIsRefused()
    {
        var machine = new ConcreteMachine(X86);
        var state = machine.NewState();
        state.Registers[Register(X86, "CPL")] = 3;

        Assert.StartsWith("s1 breaks the invariant", Violation(X86, PairPremise.Single(null), state, null));
    }

    [Fact]
    public void AModePairThatDiffersInAUserRegisterIsRefused()
    {
        var (s1, s2) = ModePair();
        s2.Registers[Register(Pg74, "A0")] = 5;

        Assert.StartsWith("s1 and s2 differ in A0", Violation(Pg74, Privileged, s1, s2));
    }

    [Fact]
    public void AModePairWithDifferentMemoriesIsRefused()
    {
        var (s1, s2) = ModePair();
        s2.Memory![3] = 7;

        Assert.StartsWith("the memories of s1 and s2", Violation(Pg74, Privileged, s1, s2));
    }

    [Fact]
    public void APlacementPairHoldsTheSameProgramMovedByTheRelocationDifference()
    {
        var premise = new PairPremise(null, null, UsesKeeps: false, PairKind.Placement);
        var (s1, s2) = ModePair();
        s1.Registers[Register(Pg74, "M")] = 0;
        s2.Registers[Register(Pg74, "RL")] = 0x10;
        s1.Memory![0x20] = 7;
        var moved = s2.Clone();
        moved.Memory![0x30] = 7;
        var notMoved = s2.Clone();
        notMoved.Memory![0x20] = 7;

        Assert.Null(Violation(Pg74, premise, s1, moved));
        Assert.StartsWith("the memories of s1 and s2", Violation(Pg74, premise, s1, notMoved));
    }

    [Fact]
    public void AnOperandThatNamesNoRegisterIsRefused()
    {
        var (s1, s2) = ModePair();
        var load = Pg74.FindInstruction("LOAD")!;
        var operands = new ulong[load.Operands.Length];
        operands[load.Operands.Single(o => o.Name == "r").Index] = 4;

        var violation = new WitnessPremises(Pg74, new ConcreteMachine(Pg74), StateMasks.Of(Pg74)).Violation(Privileged, load, operands, s1, s2);

        Assert.StartsWith("operand r = 4 names no register", violation);
    }

    /// <summary>End to end: a model of a query whose premise was corrupted is an internal error, not a witness.</summary>
    [Theory]
    [InlineData("mode", "s1 is not in supervisor")]
    [InlineData("keeps", "s1 breaks the VMM's constraint")]
    public void AModelThatBreaksItsPremiseIsAReplayError(string corrupted, string expected)
    {
        using var z3 = new Context();
        var load = Pg74.FindInstruction("LOAD")!;
        var problem = new InstructionProblem(z3, Pg74, load, StateMasks.Of(Pg74));
        var (second, outcome) = problem.Pair(PairKind.Mode);
        var query = z3.MkAnd(
            problem.Domain, problem.FirstOutcome.Completes, outcome.Completes, problem.InMode("user", second),
            corrupted == "mode" ? problem.InMode("user", problem.First) : problem.InMode("supervisor", problem.First),
            corrupted == "keeps" ? z3.MkNot(problem.Keeps(problem.First)) : problem.Keeps(problem.First),
            corrupted == "keeps" ? z3.MkNot(problem.Keeps(second)) : problem.Keeps(second));
        var solver = z3.MkSolver();
        solver.Assert(query);
        Assert.Equal(Status.SATISFIABLE, solver.Check());
        var factory = new WitnessFactory(problem, new ConcreteMachine(Pg74));

        var error = Assert.Throws<WitnessReplayException>(() => factory.RunsInBoth(solver.Model, second, Privileged));

        Assert.Contains($"breaks the premise of its question: {expected}", error.Message);
    }

    private static (MachineState First, MachineState Second) ModePair()
    {
        var machine = new ConcreteMachine(Pg74);
        var s1 = machine.NewState();
        s1.Registers[Register(Pg74, "M")] = 1;
        s1.Registers[Register(Pg74, "RUN")] = 1;
        var s2 = s1.Clone();
        s2.Registers[Register(Pg74, "M")] = 0;
        return (s1, s2);
    }

    private static int Register(IsaSpec spec, string name) => spec.FindRegister(name)!.Index;

    private static string? Violation(IsaSpec spec, PairPremise premise, MachineState first, MachineState? second)
    {
        var instruction = spec.Instructions[0];
        return new WitnessPremises(spec, new ConcreteMachine(spec), StateMasks.Of(spec))
            .Violation(premise, instruction, new ulong[instruction.Operands.Length], first, second);
    }
}
