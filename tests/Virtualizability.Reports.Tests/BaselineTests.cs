using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class BaselineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("virt-baseline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromKeepsCriticalInstructionsAndVerdicts()
    {
        var baseline = Baseline.From(Specs.Classified("isa-specs/pg74.yaml"), Samples.Metadata);

        Assert.Equal(2, baseline.SchemaVersion);
        Assert.Equal("pg74", baseline.Isa);
        Assert.Equal(new[] { "RDMODE", "LRA" }, baseline.Critical.Select(f => f.Name));
        Assert.Equal(new BaselineTheorem("Theorem 1", "no"), baseline.Theorems[0]);
        Assert.Equal(new VmmConfiguration("supervisor", "user", "user", "RUN == 1"), baseline.Configuration);
        Assert.Equal((Samples.Metadata.SpecHash, Samples.Metadata.ToolVersion, Samples.Metadata.Z3Version), (baseline.SpecHash, baseline.ToolVersion, baseline.Z3Version));
        Assert.Empty(baseline.Unknown);
    }

    [Fact]
    public void SaveThenLoadGivesTheSameBaselineAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_directory, "toy.baseline.json");
        var baseline = Baseline.From(Samples.Toy(), Samples.Metadata);

        baseline.Save(path);
        baseline.Save(path);
        var loaded = Baseline.Load(path);

        Assert.Equal(baseline.Critical.AsEnumerable(), loaded.Critical);
        Assert.Equal(baseline.Theorems.AsEnumerable(), loaded.Theorems);
        Assert.Equal((baseline.SchemaVersion, baseline.Isa, baseline.Configuration, baseline.SpecHash), (loaded.SchemaVersion, loaded.Isa, loaded.Configuration, loaded.SpecHash));
        Assert.Equal(["SLOW"], loaded.Unknown.AsEnumerable());
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 2, \"isa\": \"toy\",\n  \"critical\": [\"RDM\",]", "bad.json:2:")]
    [InlineData("{\"schemaVersion\": 2, \"isa\": \"toy\", \"theorems\": []}", "missing required properties including: 'configuration'")]
    [InlineData("{\"schemaVersion\": 2, \"isa\": \"toy\", \"configuration\": {\"supervisorMode\": \"s\", \"guestSupervisorMode\": \"u\", \"guestUserMode\": \"u\", \"keeps\": \"\"}, \"specHash\": \"\", \"toolVersion\": \"\", \"z3Version\": \"\", \"critical\": null, \"unknown\": [], \"theorems\": []}", "$.critical has the wrong type")]
    [InlineData("{\"schemaVersion\": 1, \"isa\": \"toy\", \"critical\": [], \"theorems\": []}", "schemaVersion 1 is not supported: this virt reads version 2; record it again with `virt baseline`")]
    [InlineData("null", "expected a JSON object")]
    [InlineData(" \n", "the file is empty")]
    public void BadBaselineGivesAClearMessage(string json, string expected)
    {
        var path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<BaselineException>(() => Baseline.Load(path));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
        Assert.DoesNotContain("   at ", error.Message);
        Assert.DoesNotContain("System.", error.Message);
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [Fact]
    public void MissingBaselineFileGivesAClearMessage()
    {
        var path = Path.Combine(_directory, "absent.json");

        var error = Assert.Throws<BaselineException>(() => Baseline.Load(path));

        Assert.StartsWith($"{path}: cannot read the baseline", error.Message);
    }

    [Fact]
    public void BaselineWithoutACriticalInstructionReportsItAsRegression()
    {
        var old = Samples.Baseline("pg74", ["RDMODE"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

        var comparison = BaselineComparison.Compare(old, Specs.Classified("isa-specs/pg74.yaml"));

        Assert.True(comparison.HasRegressions);
        var regression = Assert.Single(comparison.Regressions);
        Assert.Equal("LRA", regression.Subject);
        Assert.StartsWith("newly critical: LRA gives", regression.Description);
        Assert.Empty(comparison.Improvements);
    }

    [Fact]
    public void BaselineWithAnExtraCriticalInstructionReportsAnImprovementOnly()
    {
        var old = Samples.Baseline("pg74", ["LOAD", "RDMODE", "LRA"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

        var comparison = BaselineComparison.Compare(old, Specs.Classified("isa-specs/pg74.yaml"));

        Assert.False(comparison.HasRegressions);
        Assert.Equal(new[] { new BaselineChange("LOAD", "was critical, now innocuous") }, comparison.Improvements);
    }

    [Fact]
    public void TheoremThatHeldAndNoLongerDoesIsARegression()
    {
        var old = Samples.Baseline("toy", ["RDM"], [new("Theorem 1", "no"), new("Theorem 2", "yes"), new("Theorem 3", "yes")]);

        var comparison = BaselineComparison.Compare(old, Samples.Toy());

        Assert.Equal(new[] { new BaselineChange("Theorem 2", "held, now no") }, comparison.Regressions);
        Assert.Contains(new BaselineChange("Theorem 3", "was yes, now unknown"), comparison.Unknowns);
    }

    [Fact]
    public void TheoremThatNowHoldsIsAnImprovement()
    {
        var old = Samples.Baseline("pg74-virtualizable", ["RDMODE", "LRA"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

        var comparison = BaselineComparison.Compare(old, Specs.Classified("isa-specs/pg74-virtualizable.yaml"));

        Assert.False(comparison.HasRegressions);
        Assert.Equal(new[] { "RDMODE", "LRA", "Theorem 1", "Theorem 2", "Theorem 3" }, comparison.Improvements.Select(c => c.Subject));
    }

    [Fact]
    public void CriticalInstructionThatBecameUnknownIsDoubtNotImprovement()
    {
        var old = Samples.Baseline("toy", ["RDM", "SLOW"], []);

        var comparison = BaselineComparison.Compare(old, Samples.Toy());

        Assert.Empty(comparison.Improvements);
        Assert.True(comparison.HasUnknowns);
        Assert.Equal("SLOW", Assert.Single(comparison.Unknowns).Subject);
        Assert.StartsWith("was critical, now unknown", comparison.Unknowns[0].Description);
        Assert.False(comparison.IsUnchanged);
    }

    [Fact]
    public void BaselineOfAnotherVmmConfigurationIsRefusedNamingBoth()
    {
        var old = Samples.Baseline("toy", ["RDM"], []) with { Configuration = new VmmConfiguration("sup", "ring3", "usr", "IO == 0 || MASK == 1") };

        var error = Assert.Throws<BaselineException>(() => BaselineComparison.Compare(old, Samples.Toy()));

        Assert.Contains("guest supervisor in ring3", error.Message);
        Assert.Contains("guest supervisor in usr", error.Message);
    }

    [Fact]
    public void CriticalFindingsGetTheirBaselineState()
    {
        var result = Specs.Classified("isa-specs/pg74.yaml");
        var old = Baseline.From(result, Samples.Metadata) with { Critical = [new("RDMODE", "another reason"), new("LOAD", "whatever")] };

        var states = BaselineComparison.Compare(old, result).CriticalStates;

        Assert.Equal(BaselineState.Updated, states["RDMODE"]);
        Assert.Equal(BaselineState.New, states["LRA"]);
        Assert.Equal(BaselineState.Absent, states["LOAD"]);
        Assert.True(BaselineComparison.Compare(Baseline.From(result, Samples.Metadata), result).IsUnchanged);
    }

    [Fact]
    public void BaselineOfAnotherIsaIsRefused()
    {
        var old = Samples.Baseline("x86-32", [], []);

        var error = Assert.Throws<BaselineException>(() => BaselineComparison.Compare(old, Samples.Toy()));

        Assert.Contains("'x86-32'", error.Message);
    }
}
