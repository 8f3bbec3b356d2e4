using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Tests.Classification;

/// <summary>An unknown answer stays unknown wherever it flows: into a class, a theorem or a claim.</summary>
public sealed class UnknownAnswerTests
{
    [Fact]
    public void APrivilegedInstructionWithUnknownSensitivityIsStillPrivileged()
    {
        Assert.Equal(InstructionClass.Privileged, InstructionClassifier.ClassOf(Answer.Yes, Answer.Unknown, runsInSupervisor: true));
        Assert.Equal(InstructionClass.Unknown, InstructionClassifier.ClassOf(Answer.No, Answer.Unknown, runsInSupervisor: true));
        Assert.Equal(InstructionClass.Unknown, InstructionClassifier.ClassOf(Answer.Unknown, Answer.No, runsInSupervisor: true));
    }

    [Fact]
    public void APrivilegedInstructionWithUnknownSensitivityLeavesTheorem1Holding()
    {
        var verdicts = Theorems.Verdicts([Instruction("P", InstructionClass.Privileged, privileged: Answer.Yes, control: Answer.Unknown)]);

        Assert.Equal(Answer.Yes, verdicts.Single(t => t.Theorem == "Theorem 1").Holds);
    }

    [Fact]
    public void Theorem2IsUnknownWhenAClockReadersPrivilegeIsUnknown()
    {
        var reader = Instruction("RDCLOCK", InstructionClass.Privileged, privileged: Answer.Yes, readsClock: true);
        var verdicts = Theorems.Verdicts([reader with { PrivilegedInGuestUser = PropertyResult.Unknown("privileged-in-guest-user", "timeout") }]);

        Assert.Equal(Answer.Yes, verdicts.Single(t => t.Theorem == "Theorem 1").Holds);
        var theorem2 = verdicts.Single(t => t.Theorem == "Theorem 2");
        Assert.Equal(Answer.Unknown, theorem2.Holds);
        Assert.Equal(["RDCLOCK"], theorem2.Culprits.ToArray());
    }

    [Fact]
    public void AClaimCheckedAgainstAnUnknownAnswerIsUndecided()
    {
        var claims = ImmutableArray.Create(new Claim("critical", false, At(3)), new Claim("privileged", true, At(4)), new Claim("control-sensitive", false, At(5)));
        var instruction = Instruction("X", InstructionClass.Unknown, privileged: Answer.Unknown, control: Answer.Yes);
        var definition = new InstructionDef("X", null, [], null, [], new Virtualizability.Analyzer.Semantics.BoundBody([], 0), claims, null, At(1));

        var checks = ClaimChecker.Check(definition, instruction);

        Assert.Equal([ClaimStatus.Undecided, ClaimStatus.Undecided, ClaimStatus.Holds], checks.Select(c => c.Status));
        Assert.DoesNotContain(checks, c => c.Fails);
    }

    private static SourceLocation At(int line) => new("t.yaml", line, 1);

    private static InstructionClassification Instruction(string name, InstructionClass @class, Answer privileged, Answer control = Answer.No, bool readsClock = false)
    {
        var p = new PropertyResult("privileged", privileged, null, "");
        var no = (string property) => new PropertyResult(property, Answer.No, null, "");
        return new InstructionClassification(
            name, null, At(1), [], @class, p, new PropertyResult("control-sensitive", control, null, ""), no("behavior-sensitive"), [],
            no("user-sensitive"), p, readsClock, []);
    }
}
