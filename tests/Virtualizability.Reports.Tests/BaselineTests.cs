using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class BaselineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("virt-baseline-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FromKeepsCriticalInstructionsAndVerdicts()
    {
        var baseline = Baseline.From(Specs.Classified("isa-specs/pg74.yaml"));

        Assert.Equal(1, baseline.SchemaVersion);
        Assert.Equal("pg74", baseline.Isa);
        Assert.Equal(new[] { "RDMODE", "LRA" }, baseline.Critical);
        Assert.Equal(new BaselineTheorem("Theorem 1", "no"), baseline.Theorems[0]);
    }

    [Fact]
    public void SaveThenLoadGivesTheSameBaselineAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_directory, "toy.baseline.json");
        var baseline = Baseline.From(Samples.Toy());

        baseline.Save(path);
        baseline.Save(path);
        var loaded = Baseline.Load(path);

        Assert.Equal(baseline.Critical.AsEnumerable(), loaded.Critical);
        Assert.Equal(baseline.Theorems.AsEnumerable(), loaded.Theorems);
        Assert.Equal((baseline.SchemaVersion, baseline.Isa), (loaded.SchemaVersion, loaded.Isa));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 1, \"isa\": \"toy\",\n  \"critical\": [\"RDM\",]", "bad.json:2:")]
    [InlineData("{\"schemaVersion\": 1, \"isa\": \"toy\", \"theorems\": []}", "missing required properties including: 'critical'")]
    [InlineData("{\"schemaVersion\": 1, \"isa\": \"toy\", \"critical\": null, \"theorems\": []}", "$.critical has the wrong type")]
    [InlineData("{\"schemaVersion\": 2, \"isa\": \"toy\", \"critical\": [], \"theorems\": []}", "schemaVersion 2 is not supported")]
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
        var old = new Baseline(1, "pg74", ["RDMODE"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

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
        var old = new Baseline(1, "pg74", ["LOAD", "RDMODE", "LRA"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

        var comparison = BaselineComparison.Compare(old, Specs.Classified("isa-specs/pg74.yaml"));

        Assert.False(comparison.HasRegressions);
        Assert.Equal(new[] { new BaselineChange("LOAD", "was critical, now innocuous") }, comparison.Improvements);
    }

    [Fact]
    public void TheoremThatHeldAndNoLongerDoesIsARegression()
    {
        var old = new Baseline(1, "toy", ["RDM"], [new("Theorem 1", "no"), new("Theorem 2", "yes"), new("Theorem 3", "yes")]);

        var comparison = BaselineComparison.Compare(old, Samples.Toy());

        Assert.Equal(new[] { new BaselineChange("Theorem 2", "held, now no"), new BaselineChange("Theorem 3", "held, now unknown") }, comparison.Regressions);
    }

    [Fact]
    public void TheoremThatNowHoldsIsAnImprovement()
    {
        var old = new Baseline(1, "pg74-virtualizable", ["RDMODE", "LRA"], [new("Theorem 1", "no"), new("Theorem 2", "no"), new("Theorem 3", "no")]);

        var comparison = BaselineComparison.Compare(old, Specs.Classified("isa-specs/pg74-virtualizable.yaml"));

        Assert.False(comparison.HasRegressions);
        Assert.Equal(new[] { "RDMODE", "LRA", "Theorem 1", "Theorem 2", "Theorem 3" }, comparison.Improvements.Select(c => c.Subject));
    }

    [Fact]
    public void CriticalInstructionThatBecameUnknownIsNoImprovement()
    {
        var old = new Baseline(1, "toy", ["RDM", "SLOW"], []);

        Assert.Empty(BaselineComparison.Compare(old, Samples.Toy()).Improvements);
    }

    [Fact]
    public void BaselineOfAnotherIsaIsRefused()
    {
        var old = new Baseline(1, "x86-32", [], []);

        var error = Assert.Throws<BaselineException>(() => BaselineComparison.Compare(old, Samples.Toy()));

        Assert.Contains("'x86-32'", error.Message);
    }
}
