using System.Text;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests;

/// <summary>
/// The two interpretations of one semantics must agree: for every instruction of every shipped spec, on
/// seeded random states, the compiled concrete machine and Z3's evaluation of the symbolic outcome give the
/// same trap or the same next state.
/// </summary>
public abstract class AgreementTests
{
    /// <summary>Seeded random states per instruction; a class over an expensive spec may ask for fewer.</summary>
    protected virtual int StatesPerInstruction => 200;

    /// <summary>The instructions of the shipped specs whose names start with one of the prefixes.</summary>
    protected static TheoryData<string, string> InstructionsOf(params string[] prefixes)
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Repo.ShippedSpecs().Where(p => prefixes.Any(Path.GetFileName(p).StartsWith)))
        {
            foreach (var instruction in SpecLoader.Load(path).Instructions)
            {
                data.Add(Path.GetFileName(path), instruction.Name);
            }
        }

        return data;
    }

    protected void Check(string specFile, string instructionName)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var instruction = spec.FindInstruction(instructionName)!;
        using var z3 = new Context();
        var pre = SymbolicPreState.Create(z3, spec, instruction.Operands, "s_");
        var outcome = SymbolicExecutor.Execute(z3, spec, instruction, pre);
        var substitution = new ConcreteSubstitution(z3);
        var machine = new ConcreteMachine(spec);
        var random = new RandomStates(spec, seed: StableSeed.Of(specFile, instructionName));
        for (var n = 0; n < StatesPerInstruction; n++)
        {
            var state = random.NextState();
            var operands = random.NextOperands(instruction);
            var concrete = state.Clone();
            var step = machine.Step(concrete, instruction, operands);
            var (trap, next) = substitution.Evaluate(outcome, pre, state, operands);
            var agree = step.Trap == trap && (trap is not null || next!.SameAs(concrete));
            if (!agree)
            {
                Assert.Fail(Describe(spec, instruction, state, operands, step.Trap, concrete, trap, next));
            }
        }
    }

    private static string Describe(IsaSpec spec, InstructionDef instruction, MachineState state, ulong[] operands, int? concreteTrap, MachineState concrete, int? symbolicTrap, MachineState? symbolic)
    {
        var text = new StringBuilder($"{instruction.Name} ({instruction.Location}) disagrees.\nstate: {StateText.Format(spec, state)}\noperands: ");
        text.AppendJoin(", ", instruction.Operands.Select(o => $"{o.Name}=0x{operands[o.Index]:x}"));
        text.Append($"\nconcrete: {OutcomeText(spec, concreteTrap, concrete)}\nsymbolic: {OutcomeText(spec, symbolicTrap, symbolic)}");
        return text.ToString();
    }

    private static string OutcomeText(IsaSpec spec, int? trap, MachineState? state) =>
        trap is { } k ? $"trap {spec.Traps[k].Name}" : StateText.Format(spec, state!);
}

// One class per family of specs, so that xunit runs them side by side (it runs one class's cases in turn).

public sealed class X86AgreementTests : AgreementTests
{
    public static TheoryData<string, string> Instructions() => InstructionsOf("x86-32.");

    [Theory]
    [MemberData(nameof(Instructions))]
    public void ConcreteAndSymbolicAgree(string specFile, string instruction) => Check(specFile, instruction);
}

public sealed class X86VariantAgreementTests : AgreementTests
{
    public static TheoryData<string, string> Instructions() => InstructionsOf("x86-32-");

    [Theory]
    [MemberData(nameof(Instructions))]
    public void ConcreteAndSymbolicAgree(string specFile, string instruction) => Check(specFile, instruction);
}

public sealed class X86LongModeAgreementTests : AgreementTests
{
    // The umip variant repeats base definitions whole, so the base spec covers its bodies. Evaluating a
    // 64-bit state through Z3 costs four times a 32-bit one: fewer states keep the CI run short.
    public static TheoryData<string, string> Instructions() => InstructionsOf("x86-64.");

    protected override int StatesPerInstruction => 50;

    [Theory]
    [MemberData(nameof(Instructions))]
    public void ConcreteAndSymbolicAgree(string specFile, string instruction) => Check(specFile, instruction);
}

public sealed class OtherAgreementTests : AgreementTests
{
    public static TheoryData<string, string> Instructions() => InstructionsOf("pg74", "m680", "pdp10");

    [Fact]
    public void EveryShippedSpecIsCovered() =>
        Assert.All(Repo.ShippedSpecs().Select(p => Path.GetFileName(p)), f => Assert.True(
            f.StartsWith("x86-32", StringComparison.Ordinal) || f.StartsWith("x86-64", StringComparison.Ordinal) || new[] { "pg74", "m680", "pdp10" }.Any(f.StartsWith),
            $"{f} is in no agreement test class"));

    [Theory]
    [MemberData(nameof(Instructions))]
    public void ConcreteAndSymbolicAgree(string specFile, string instruction) => Check(specFile, instruction);
}
