using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests;

public sealed class ClassifierTests
{
    public static TheoryData<string> Specs() => new(Repo.ShippedSpecs().Select(p => Path.GetFileName(p)));

    [Theory]
    [MemberData(nameof(Specs))]
    public void ShippedClaimsHoldAndNothingIsUnknown(string specFile)
    {
        var result = Classifications.Of(specFile);

        Assert.Empty(result.FailedClaims.Select(c => $"{c.Location}: {c.Claim}"));
        Assert.DoesNotContain(result.Instructions, i => i.AllProperties.Any(p => p.Answer == Answer.Unknown));
    }

    /// <summary>The class comes from the semantics: make POPF trap at CPL > 0 and it is no longer critical.</summary>
    [Fact]
    public void EditingTheSemanticsChangesTheClass()
    {
        var original = File.ReadAllText(Path.Combine(Repo.Specs, "x86-32.yaml"));
        var marker = "      let v = mem32[ESP];\n      # Writable at every CPL";
        Assert.Contains(marker, original);
        var edited = original.Replace(marker, "      if CPL != 0 { trap GP; }\n" + marker);
        var directory = Directory.CreateTempSubdirectory("virt-edit-");
        try
        {
            var path = Path.Combine(directory.FullName, "x86-32-trapping-popf.yaml");
            File.WriteAllText(path, edited);
            Assert.Equal(InstructionClass.Critical, ClassOfPopf(Path.Combine(Repo.Specs, "x86-32.yaml")));
            Assert.Equal(InstructionClass.Privileged, ClassOfPopf(path));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ResultsDoNotDependOnTheNumberOfWorkers()
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "pdp10.yaml"));
        var one = SpecClassifier.Classify(spec, new ClassifierOptions(Jobs: 1));
        var three = SpecClassifier.Classify(spec, new ClassifierOptions(Jobs: 3));

        Assert.Equal(Describe(one), Describe(three));
    }

    [Fact]
    public void AnUnknownGuestModeIsRejected()
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "pg74.yaml"));

        Assert.Throws<ArgumentException>(() => SpecClassifier.Classify(spec, new ClassifierOptions("ring7")));
    }

    private static InstructionClass ClassOfPopf(string path)
    {
        var spec = SpecLoader.Load(path);
        var popfOnly = spec with { Instructions = spec.Instructions.Where(i => i.Name == "POPFD").ToImmutableArray() };
        return SpecClassifier.Classify(popfOnly, new ClassifierOptions(Jobs: 1)).Instructions.Single().Class;
    }

    private static string Describe(SpecClassification result) => string.Join("\n", result.Instructions.Select(i =>
        $"{i.Name} {i.Class} " + string.Join(" | ", i.AllProperties.Select(p => $"{p.Property}:{p.Answer}:{p.Witness?.Reason}:{p.Explanation}"))));
}
