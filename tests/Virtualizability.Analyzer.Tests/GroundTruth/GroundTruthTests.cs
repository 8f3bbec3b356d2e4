using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.GroundTruth;

/// <summary>
/// The analyzer against published results (TestData/ground-truth.yaml), for every machine and for each
/// deprivileging the data names (x86: guest kernel in ring 1 and in ring 3).
/// </summary>
public sealed class GroundTruthTests
{
    public static TheoryData<string, string?> Configurations()
    {
        var data = new TheoryData<string, string?>();
        foreach (var machine in GroundTruthData.Machines)
        {
            foreach (var guest in GroundTruthData.GuestModes(machine))
            {
                data.Add(machine, guest);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ListedClassesMatch(string machine, string? guest)
    {
        var result = Classifications.Of(GroundTruthData.Spec(machine), guest);
        AssertClass(result, GroundTruthData.List(machine, "critical"), InstructionClass.Critical);
        AssertClass(result, GroundTruthData.List(machine, "privileged"), InstructionClass.Privileged);
        AssertClass(result, GroundTruthData.List(machine, "innocuous"), InstructionClass.Innocuous);
        foreach (var name in GroundTruthData.List(machine, "not_critical"))
        {
            Assert.NotEqual(InstructionClass.Critical, Find(result, name).Class);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void TheoremVerdictsMatch(string machine, string? guest)
    {
        var result = Classifications.Of(GroundTruthData.Spec(machine), guest);
        foreach (var (theorem, expected) in GroundTruthData.Theorems(machine))
        {
            var verdict = result.Theorems.Single(t => t.Theorem == theorem);
            Assert.True(Word(verdict.Holds) == expected, $"{machine}: {theorem} expected {expected}, the analyzer says {Word(verdict.Holds)}: {verdict.Explanation}");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void PublishedListIsAnsweredAndDisagreementsAreJustified(string machine, string? guest)
    {
        var result = Classifications.Of(GroundTruthData.Spec(machine), guest);
        foreach (var entry in PublishedEntries(machine))
        {
            var name = GroundTruthData.Scalar(entry, "instruction")!;
            var recorded = GroundTruthData.Scalar(entry, "analyzer")!;
            var actual = Find(result, name);
            Assert.True(recorded == ClassWord(actual.Class), $"{name} under {guest}: the data records {recorded}, the analyzer now says {ClassWord(actual.Class)}");
            if (recorded != GroundTruthData.Scalar(entry, "paper"))
            {
                Assert.False(string.IsNullOrWhiteSpace(GroundTruthData.Scalar(entry, "justification")), $"{name}: differs from the paper without a justification");
                Assert.True(actual.Privileged.Answer != Answer.Unknown && actual.BehaviorSensitive.Answer != Answer.Unknown, $"{name}: a disagreement must rest on proofs, not unknowns");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void EveryCriticalInstructionIsAccountedFor(string machine, string? guest)
    {
        var result = Classifications.Of(GroundTruthData.Spec(machine), guest);
        var known = GroundTruthData.List(machine, "critical")
            .Concat(PublishedEntries(machine).Select(e => GroundTruthData.Scalar(e, "instruction")!))
            .Concat(GroundTruthData.Entries(machine, "further_critical").Select(e => GroundTruthData.Scalar(e, "instruction")!))
            .ToHashSet();
        foreach (var critical in result.Instructions.Where(i => i.IsCritical))
        {
            Assert.True(known.Contains(critical.Name), $"{critical.Name} is critical under {guest} but the ground truth does not list it: {ReasonOf(critical)}");
            Assert.NotNull(critical.BehaviorSensitive.Witness ?? critical.ControlSensitive.Witness);
            Assert.NotNull(critical.Privileged.Witness);
        }
    }

    // Robin & Irvine's list (IA-32) and what the literature says about long mode (x86-64).
    private static IEnumerable<YamlDotNet.RepresentationModel.YamlMappingNode> PublishedEntries(string machine) =>
        GroundTruthData.Entries(machine, "robin_irvine").Concat(GroundTruthData.Entries(machine, "long_mode"));

    private static void AssertClass(SpecClassification result, IEnumerable<string> names, InstructionClass expected)
    {
        foreach (var name in names)
        {
            var actual = Find(result, name);
            Assert.True(actual.Class == expected, $"{name}: expected {expected}, the analyzer says {actual.Class}: {ReasonOf(actual)}");
        }
    }

    private static InstructionClassification Find(SpecClassification result, string name) =>
        result.Instructions.SingleOrDefault(i => i.Name == name) ?? throw new InvalidOperationException($"{result.Isa} has no instruction {name}");

    private static string ReasonOf(InstructionClassification i) =>
        string.Join("; ", i.AllProperties.Select(p => $"{p.Property}={p.Answer} {p.Witness?.Reason ?? p.Explanation}"));

    private static string Word(Answer answer) => answer.ToString().ToLowerInvariant();

    private static string ClassWord(InstructionClass c) => c == InstructionClass.AlwaysTraps ? "always-traps" : c.ToString().ToLowerInvariant();
}
