using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class JsonReportTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(JsonReport.Schema));

    public static TheoryData<string> ShippedSpecs() => Specs.ShippedData();

    [Fact]
    public void SchemaIsValidDraft202012()
    {
        using var document = JsonDocument.Parse(JsonReport.Schema);

        var results = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, string.Join("\n", Errors(results)));
    }

    [Fact]
    public void EmbeddedSchemaIsTheSchemaFile()
    {
        Assert.Equal(File.ReadAllText(Repo.JsonSchema), JsonReport.Schema);
    }

    [Theory]
    [MemberData(nameof(ShippedSpecs))]
    public void ReportOfShippedSpecValidatesAgainstSchema(string spec)
    {
        var result = Specs.Classified(spec);

        AssertValid(JsonReport.Write(result, Samples.Metadata, witnesses: true));
        AssertValid(JsonReport.Write(result, Samples.Metadata, witnesses: false));
    }

    [Fact]
    public void HandMadeReportValidatesAgainstSchema()
    {
        AssertValid(JsonReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false));
        AssertValid(JsonReport.Write(Samples.Toy(), Samples.Metadata, witnesses: true));
    }

    [Fact]
    public void WithoutWitnessesOnlyCriticalInstructionsKeepFullWitnessesButEveryReasonStays()
    {
        var report = JsonNode.Parse(JsonReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false))!;
        var instructions = report["instructions"]!.AsArray();

        foreach (var instruction in instructions)
        {
            var critical = (string?)instruction!["class"] == "critical";
            foreach (var property in instruction["properties"]!.AsArray())
            {
                Assert.Equal(critical && property!["reason"] is not null, property!["witness"] is not null);
            }
        }

        var hlt = instructions.Single(i => (string?)i!["name"] == "HLT")!;
        Assert.Equal("HLT traps (privilege) in usr where it runs in sup", (string?)hlt["properties"]![0]!["reason"]);
    }

    [Fact]
    public void ReportHasNoTimings()
    {
        Assert.Equal(JsonReport.Write(Samples.Toy(medianMilliseconds: 1), Samples.Metadata, true), JsonReport.Write(Samples.Toy(medianMilliseconds: 99), Samples.Metadata, true));
    }

    [Fact]
    public void ValuesAreHexStringsInSpecOrder()
    {
        var report = JsonNode.Parse(JsonReport.Write(Samples.Toy(), Samples.Metadata, witnesses: true))!;
        var state = report["instructions"]![1]!["properties"]![0]!["witness"]!["states"]![1]!;

        Assert.Equal(["M", "A"], state["registers"]!.AsObject().Select(p => p.Key));
        Assert.Equal("0x1", (string?)state["registers"]!["M"]);
        Assert.Equal("0x7", (string?)state["memoryRead"]!["mem[0]"]);
    }

    [Fact]
    public void WorkerCountDoesNotChangeTheReport()
    {
        var one = JsonReport.Write(Specs.Classify("isa-specs/pg74.yaml", jobs: 1), Samples.Metadata, witnesses: true);
        var two = JsonReport.Write(Specs.Classify("isa-specs/pg74.yaml", jobs: 2), Samples.Metadata, witnesses: true);

        Assert.Equal(one, two);
    }

    private static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("\n", Errors(results).Take(20)));
    }

    private static IEnumerable<string> Errors(EvaluationResults results) =>
        (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
}
