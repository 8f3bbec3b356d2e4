using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.GroundTruth;

/// <summary>
/// The analyzer against published results (TestData/ground-truth.yaml), for every machine and for each
/// deprivileging the data names (x86: guest kernel in ring 1 and in ring 3). Every row pins a class or a
/// verdict exactly, and <see cref="EveryRowOfTheDataIsAsserted"/> sees that no row goes unchecked.
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
    public void TheAnalyzerMatchesTheGroundTruth(string machine, string? guest) =>
        GroundTruthChecks.Check(machine, guest, Classifications.Of(GroundTruthData.Spec(machine), guest), new HashSet<string>());

    [Fact]
    public void EveryRowOfTheDataIsAsserted()
    {
        var asserted = new HashSet<string>();
        foreach (var machine in GroundTruthData.Machines)
        {
            foreach (var guest in GroundTruthData.GuestModes(machine))
            {
                GroundTruthChecks.Check(machine, guest, Classifications.Of(GroundTruthData.Spec(machine), guest), asserted);
            }
        }

        var rows = GroundTruthData.Rows().ToList();
        Assert.NotEmpty(rows);
        var unasserted = rows.Where(r => !asserted.Contains(r)).ToList();
        Assert.True(unasserted.Count == 0, $"rows no check asserts: {string.Join(", ", unasserted)}");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void EveryCriticalInstructionIsAccountedFor(string machine, string? guest)
    {
        var result = Classifications.Of(GroundTruthData.Spec(machine), guest);
        var known = GroundTruthData.List(machine, "critical")
            .Concat(GroundTruthData.PublishedLists.SelectMany(k => GroundTruthData.Entries(machine, k)).Select(e => GroundTruthData.Scalar(e, "instruction")!))
            .Concat(GroundTruthData.Entries(machine, "further_critical").Select(e => GroundTruthData.Scalar(e, "instruction")!))
            .ToHashSet();
        foreach (var critical in result.Instructions.Where(i => i.IsCritical))
        {
            Assert.True(known.Contains(critical.Name), $"{critical.Name} is critical under {guest} but the ground truth does not list it: {GroundTruthChecks.ReasonOf(critical)}");
            Assert.NotNull(critical.BehaviorSensitive.Witness ?? critical.ControlSensitive.Witness);
            Assert.NotNull(critical.Privileged.Witness);
        }
    }
}
