using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Tests.GroundTruth;

/// <summary>Asserts every row of one machine's ground truth under one guest mode, recording each row it asserted.</summary>
public static class GroundTruthChecks
{
    public static void Check(string machine, string? guest, SpecClassification result, ISet<string> asserted)
    {
        foreach (var (key, expected) in GroundTruthData.ClassLists)
        {
            foreach (var name in GroundTruthData.List(machine, key))
            {
                AssertClass(result, name, expected, guest);
                asserted.Add(GroundTruthData.Row(machine, key, name));
            }
        }

        PublishedEntries(machine, guest, result, asserted);
        FurtherCritical(machine, guest, result, asserted);
        Theorems(machine, guest, result, asserted);
    }

    public static string ReasonOf(InstructionClassification i) =>
        string.Join("; ", i.AllProperties.Select(p => $"{p.Property}={p.Answer} {p.Witness?.Reason ?? p.Explanation}"));

    // A published class, or the analyzer's where it differs; a difference needs a justification and proofs.
    private static void PublishedEntries(string machine, string? guest, SpecClassification result, ISet<string> asserted)
    {
        foreach (var (key, entry) in GroundTruthData.PublishedLists.SelectMany(k => GroundTruthData.Entries(machine, k).Select(e => (k, e))))
        {
            var name = GroundTruthData.Scalar(entry, "instruction")!;
            var paper = GroundTruthData.Scalar(entry, "paper")!;
            var expected = GroundTruthData.Scalar(entry, "analyzer") ?? paper;
            var actual = AssertClass(result, name, expected, guest);
            if (expected != paper)
            {
                Assert.False(string.IsNullOrWhiteSpace(GroundTruthData.Scalar(entry, "justification")), $"{name}: differs from the paper without a justification");
                Assert.True(actual.Privileged.Answer != Answer.Unknown && actual.BehaviorSensitive.Answer != Answer.Unknown, $"{name}: a disagreement must rest on proofs, not unknowns");
            }

            asserted.Add(GroundTruthData.Row(machine, key, name));
        }
    }

    private static void FurtherCritical(string machine, string? guest, SpecClassification result, ISet<string> asserted)
    {
        foreach (var entry in GroundTruthData.Entries(machine, "further_critical"))
        {
            var name = GroundTruthData.Scalar(entry, "instruction")!;
            Assert.False(string.IsNullOrWhiteSpace(GroundTruthData.Scalar(entry, "justification")), $"{name}: a critical instruction beyond the sources needs a justification");
            AssertClass(result, name, "critical", guest);
            asserted.Add(GroundTruthData.Row(machine, "further_critical", name));
        }
    }

    private static void Theorems(string machine, string? guest, SpecClassification result, ISet<string> asserted)
    {
        var (verdicts, perMode) = GroundTruthData.Theorems(machine, guest);
        foreach (var (theorem, expected) in verdicts)
        {
            var verdict = result.Theorems.Single(t => t.Theorem == theorem);
            Assert.True(Word(verdict.Holds) == expected, $"{machine} under {guest}: {theorem} expected {expected}, the analyzer says {Word(verdict.Holds)}: {verdict.Explanation}");
            asserted.Add(perMode ? GroundTruthData.Row(machine, "theorems", guest!, theorem) : GroundTruthData.Row(machine, "theorems", theorem));
        }
    }

    private static InstructionClassification AssertClass(SpecClassification result, string name, string expected, string? guest)
    {
        var actual = result.Instructions.SingleOrDefault(i => i.Name == name) ?? throw new InvalidOperationException($"{result.Isa} has no instruction {name}");
        Assert.True(ClassWord(actual.Class) == expected, $"{name} under {guest ?? "the default guest mode"}: the ground truth says {expected}, the analyzer says {ClassWord(actual.Class)}: {ReasonOf(actual)}");
        return actual;
    }

    private static string Word(Answer answer) => answer.ToString().ToLowerInvariant();

    private static string ClassWord(InstructionClass c) => c == InstructionClass.AlwaysTraps ? "always-traps" : c.ToString().ToLowerInvariant();
}
