using Virtualizability.Analyzer.Tests.Support;
using Xunit.Abstractions;

namespace Virtualizability.Analyzer.Tests.Agreement;

/// <summary>
/// The two interpretations of one semantics must agree: for every instruction of every shipped spec, on
/// generated states, the compiled concrete machine and Z3's evaluation of the symbolic outcome give the same
/// trap or the same next state. The run must reach at least 95 % of the branch directions of the bodies;
/// it prints its coverage and every direction it did not reach, with the reason.
/// </summary>
public abstract class AgreementTests(ITestOutputHelper output)
{
    public const double RequiredPercent = 95;

    protected static TheoryData<string> SpecsStartingWith(params string[] prefixes) =>
        new(Repo.ShippedSpecs().Select(p => Path.GetFileName(p)).Where(f => prefixes.Any(f.StartsWith)));

    protected void Check(string specFile)
    {
        var report = SpecAgreement.Run(specFile);
        output.WriteLine(report.ToString());
        Console.WriteLine(report.ToString());
        Assert.True(report.Percent >= RequiredPercent, $"only {report.Percent:F1} % of the branch directions reached, {RequiredPercent} % required:\n{report}");
        Assert.All(report.Unreached, u => Assert.StartsWith("unreachable", u.Reason));
    }
}

// One class per family of specs, so that xunit runs them side by side (it runs one class's cases in turn).

public sealed class X86AgreementTests(ITestOutputHelper output) : AgreementTests(output)
{
    public static TheoryData<string> Specs() => SpecsStartingWith("x86-32");

    [Theory]
    [MemberData(nameof(Specs))]
    public void GeneratedStatesAgreeAndReachTheBranches(string specFile) => Check(specFile);
}

public sealed class X86LongModeAgreementTests(ITestOutputHelper output) : AgreementTests(output)
{
    public static TheoryData<string> Specs() => SpecsStartingWith("x86-64");

    [Theory]
    [MemberData(nameof(Specs))]
    public void GeneratedStatesAgreeAndReachTheBranches(string specFile) => Check(specFile);
}

public sealed class OtherAgreementTests(ITestOutputHelper output) : AgreementTests(output)
{
    private static readonly string[] Families = ["x86-32", "x86-64", "pg74", "m680", "pdp10", "riscv", "armv7"];

    public static TheoryData<string> Specs() => SpecsStartingWith("pg74", "m680", "pdp10");

    [Fact]
    public void EveryShippedSpecIsCovered() =>
        Assert.All(Repo.ShippedSpecs().Select(p => Path.GetFileName(p)), f => Assert.True(
            Families.Any(f.StartsWith), $"{f} is in no agreement test class"));

    [Theory]
    [MemberData(nameof(Specs))]
    public void GeneratedStatesAgreeAndReachTheBranches(string specFile) => Check(specFile);
}

public sealed class RiscVAgreementTests(ITestOutputHelper output) : AgreementTests(output)
{
    public static TheoryData<string> Specs() => SpecsStartingWith("riscv");

    [Theory]
    [MemberData(nameof(Specs))]
    public void GeneratedStatesAgreeAndReachTheBranches(string specFile) => Check(specFile);
}

public sealed class ArmAgreementTests(ITestOutputHelper output) : AgreementTests(output)
{
    public static TheoryData<string> Specs() => SpecsStartingWith("armv7");

    [Theory]
    [MemberData(nameof(Specs))]
    public void GeneratedStatesAgreeAndReachTheBranches(string specFile) => Check(specFile);
}
