using System.Text.Json;
using Json.Schema;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports.Comparison;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests.Comparison;

public sealed class ComparisonTests
{
    [Theory]
    [InlineData("md")]
    [InlineData("json")]
    [InlineData("tex")]
    [InlineData("html")]
    public void ClassicComparisonMatchesSnapshot(string extension)
    {
        var comparison = Comparisons.ClassicMachines;
        var text = extension switch
        {
            "md" => ComparisonMarkdown.Write(comparison),
            "json" => ComparisonJson.Write(comparison),
            "tex" => ComparisonLatex.Write(comparison),
            _ => Html.HtmlReport.Write(comparison),
        };
        Snapshot.Verify(Comparisons.SnapshotName, extension, text);
    }

    [Theory]
    [InlineData("md")]
    [InlineData("json")]
    [InlineData("tex")]
    public void HardwareComparisonMatchesSnapshot(string extension)
    {
        var comparison = Comparisons.Of(Comparisons.WithHardware);
        var text = extension switch
        {
            "md" => ComparisonMarkdown.Write(comparison),
            "json" => ComparisonJson.Write(comparison),
            _ => ComparisonLatex.Write(comparison),
        };
        Snapshot.Verify(Comparisons.HardwareSnapshotName, extension, text);
    }

    [Fact]
    public void AHardwareVariantClosesAHoleWithTheControlItNeeds()
    {
        var comparison = Comparisons.Of(Comparisons.WithHardware);
        var table = comparison.Variants.Single(t => t.Base.Name == "pg74");
        var lra = table.Rows.Single(r => r.Label == "LRA");
        var rdmode = table.Rows.Single(r => r.Label == "RDMODE");

        Assert.Equal("pg74", table.Base.Name);
        Assert.Equal(["pg74-virtualizable", "pg74-vt"], table.Variants.Select(v => v.Name));
        Assert.Equal(new VariantCell(Closure.Closed, "closed: privileged", ""), lra.Cells[0]);
        Assert.Equal(new VariantCell(Closure.Closed, "closed by EXIT_LRA (EQ-USER)", ""), lra.Cells[1]);

        // RDMODE reads the guest's own mode bit in non-root mode: nothing to exit for.
        Assert.Equal(new VariantCell(Closure.Closed, "closed by hardware, no control needed", ""), rdmode.Cells[1]);
        var hardware = comparison.Isas[2].Designs.Single(d => d.Design == "hardware");
        Assert.Equal(Answer.Yes, hardware.Holds);
        Assert.Equal(["EXIT_HALT", "EXIT_SETR", "EXIT_LPSW", "EXIT_LRA"], hardware.Controls!.Value.ToArray());
        Assert.Equal(
            "EXIT_HALT: HALT (EQ-HIDDEN); EXIT_SETR: SETR (EQ-HIDDEN); EXIT_LPSW: LPSW (EQ-HIDDEN); EXIT_LRA: LRA (EQ-USER)",
            ComparisonText.ControlUses(comparison.Isas[2]));
    }

    [Fact]
    public void X86HolesAreClosedByUmipOrByVtxAndEveryVtxControlIsNeededBySomeInstruction()
    {
        var comparison = Comparisons.Of(Comparisons.WithHardware);
        var table = comparison.Variants.Single(t => t.Base.Name == "x86-32");
        var umip = table.Variants.IndexOf(table.Variants.Single(v => v.Name == "x86-32-umip"));
        var vtx = table.Variants.IndexOf(table.Variants.Single(v => v.Name == "x86-32-vtx"));
        var sgdt = table.Rows.Single(r => r.Label == "SGDT");

        Assert.Equal(Closure.Closed, sgdt.Cells[umip].Closure);
        Assert.Equal(Closure.Closed, sgdt.Cells[vtx].Closure);

        // UMIP leaves the flag and segment instructions critical; the hardware design does not.
        Assert.Contains(table.Rows, r => r.Cells[umip].Closure == Closure.Remains && r.Cells[vtx].Closure == Closure.Closed);
        var isa = table.Variants[vtx];
        var controls = isa.Designs.Single(d => d.Design == "hardware").Controls!.Value;
        Assert.NotEmpty(controls);
        Assert.All(controls, c => Assert.Contains(isa.Hardware, h => h.Controls.Any(u => u.Control == c)));
    }

    [Fact]
    public void ShippedComparisonValidatesAgainstTheSchema()
    {
        using var schemaDocument = JsonDocument.Parse(ComparisonJson.Schema);
        Assert.True(MetaSchemas.Draft202012.Evaluate(schemaDocument.RootElement).IsValid);
        var schema = JsonSchema.FromText(ComparisonJson.Schema);
        foreach (var comparison in new[] { Comparisons.Shipped, Comparisons.Of(Comparisons.WithHardware) })
        {
            using var document = JsonDocument.Parse(ComparisonJson.Write(comparison));
            var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10)));
        }
    }

    [Fact]
    public void EveryInstructionOfEveryIsaIsInExactlyOneRow()
    {
        var comparison = Comparisons.Shipped;

        for (var s = 0; s < comparison.Isas.Length; s++)
        {
            var names = comparison.Rows.SelectMany(r => r.Cells[s]).Select(i => i.Name).ToList();
            Assert.Equal(comparison.Isas[s].Analysis.Instructions.Select(i => i.Name).Order(), names.Order());
        }
    }

    [Fact]
    public void EachRowsClassIsTheClassTheAnalysisGave()
    {
        var comparison = Comparisons.Shipped;

        foreach (var row in comparison.Rows)
        {
            for (var s = 0; s < comparison.Isas.Length; s++)
            {
                foreach (var cell in row.Cells[s])
                {
                    Assert.Equal(comparison.Isas[s].Analysis.Instructions.Single(i => i.Name == cell.Name).Class, cell.Class);
                }
            }
        }
    }

    [Fact]
    public void UmipClosesTheDescriptorTableReadsOfX86()
    {
        var comparison = Comparisons.ClassicMachines;
        var x86 = Array.IndexOf(Comparisons.Classic, "isa-specs/x86-32.yaml");
        var umip = Array.IndexOf(Comparisons.Classic, "isa-specs/x86-32-umip.yaml");
        var closed = comparison.Rows.Where(r => r.ClassIn(x86) == InstructionClass.Critical && r.ClassIn(umip) == InstructionClass.Privileged).ToList();

        Assert.NotEmpty(closed);
        Assert.All(closed, r => Assert.Contains("privileged in x86-32-umip", r.Note, StringComparison.Ordinal));
        Assert.Contains(closed, r => r.Label.Contains("SGDT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void LatexEscapesWhatTexWouldReadAsCommands()
    {
        Assert.Equal("MOV\\_CR0 \\& 50\\% \\textbackslash{} \\#1", ComparisonLatex.Escape("MOV_CR0 & 50% \\ #1"));
    }

    [Fact]
    public void ReadmeShowsTheShippedComparisonAsGenerated()
    {
        const string begin = "<!-- virt compare --shipped: begin -->";
        const string end = "<!-- virt compare --shipped: end -->";
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md")).ReplaceLineEndings("\n");
        var generated = ComparisonMarkdown.PerIsaTable(Comparisons.Shipped);
        var start = readme.IndexOf(begin, StringComparison.Ordinal);
        var stop = readme.IndexOf(end, StringComparison.Ordinal);

        Assert.True(start >= 0 && stop > start, $"README.md needs the block {begin} … {end}");
        var shown = readme[(start + begin.Length)..stop].Trim('\n') + "\n";
        Assert.True(generated == shown, $"README.md's comparison is out of date; replace the block between the markers with:\n{generated}");
    }
}
