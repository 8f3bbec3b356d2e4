using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Classification;

/// <summary>No vacuous answers: an unsatisfiable premise (invariants ∧ Φ ∧ the modes a question uses) is a located spec error.</summary>
public sealed class SpecPremisesTests
{
    public static TheoryData<string, string?> ShippedConfigurations()
    {
        var data = new TheoryData<string, string?>();
        foreach (var path in Repo.ShippedSpecs())
        {
            var spec = SpecLoader.Load(path);
            foreach (var guest in spec.Vmm.GuestSupervisorModeChoices)
            {
                data.Add(Path.GetFileName(path), guest);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedConfigurations))]
    public void EveryShippedSpecHasSatisfiablePremisesInEveryGuestMode(string specFile, string? guest)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));

        SpecPremises.Check(spec, guest!, new SolverLimits());
    }

    [Theory]
    [InlineData("keeps-excludes-guest-mode.yaml", 29, 10, "no state in mode user satisfies the invariants and vmm.keeps")]
    [InlineData("keeps-contradicts-invariant.yaml", 31, 10, "no state satisfies both the invariants and vmm.keeps")]
    [InlineData("keeps-ties-control-to-mode.yaml", 29, 10, "no two states that differ only in mode, one in supervisor and one in user")]
    public void AnUnsatisfiablePremiseIsASpecErrorAtItsLocation(string file, int line, int column, string message)
    {
        var path = Path.Combine(Repo.TestData, "vacuous", file);
        var spec = SpecLoader.Load(path);

        var error = Assert.Throws<SpecException>(() => SpecClassifier.Classify(spec, new ClassifierOptions(Jobs: 1)));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((path, line, column), (diagnostic.Location.File, diagnostic.Location.Line, diagnostic.Location.Column));
        Assert.StartsWith(message, diagnostic.Message);
    }

    [Fact]
    public void EveryVacuousSpecHasACase()
    {
        var cases = typeof(SpecPremisesTests).GetMethod(nameof(AnUnsatisfiablePremiseIsASpecErrorAtItsLocation))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();

        Assert.All(Directory.EnumerateFiles(Path.Combine(Repo.TestData, "vacuous")), f => Assert.Contains(Path.GetFileName(f), cases));
    }
}
