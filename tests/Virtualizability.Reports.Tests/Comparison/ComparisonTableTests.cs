using System.Text.RegularExpressions;
using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports.Comparison;

namespace Virtualizability.Reports.Tests.Comparison;

/// <summary>`virt compare -f table`: the per-ISA summary for a terminal.</summary>
public sealed class ComparisonTableTests
{
    [Fact]
    public void InAPipeEachIsaTakesOneLineWithItsCountsTheoremsAndDesigns()
    {
        var comparison = Comparisons.ClassicMachines;
        var lines = Render(comparison, 1 << 20);

        Assert.Matches(@"^ISA\s+instr\s+inn\s+priv\s+trap\s+crit\s+unk\s+T1\s+T2\s+T3\s+t&e\s+hybrid\s+patched$", lines[0]);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^pg74\s+9\s+4\s+3\s+0\s+2\s+0\s+no\s+no\s+no\s+no \(2\)\s+no \(1\)\s+yes \(2\)$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^pg74-virtualizable\s+9\s+4\s+5\s+0\s+0\s+0\s+yes\s+yes\s+yes\s+yes\s+yes\s+yes \(0\)$"));
        foreach (var isa in comparison.Isas)
        {
            var expected = new[] { isa.Name, isa.Analysis.Instructions.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(IsaComparison.Classes.Select(c => isa.Count(c).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Concat(isa.Analysis.Theorems.Select(t => ReportText.Word(t.Holds)))
                .Concat(ComparisonText.DesignNames(comparison).Select(d => ComparisonTable.Short(isa, d)));
            Assert.Single(lines, l => Regex.IsMatch(l, "^" + string.Join(@"\s+", expected.Select(Regex.Escape)) + "$"));
        }
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    public void TheShippedComparisonFitsTheTerminalWithEveryVerdict(int width)
    {
        var comparison = Comparisons.Shipped;
        var lines = Render(comparison, width);

        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        var wide = !lines[0].Contains("T1/T2/T3", StringComparison.Ordinal);
        Assert.Equal(width >= 120, wide);
        foreach (var isa in comparison.Isas)
        {
            var at = lines.FindIndex(l => l.StartsWith(isa.Name + " ", StringComparison.Ordinal));
            Assert.True(at > 0, $"no line for {isa.Name}");

            // Wide: the designs on the ISA's line; narrow: on the line after it, each with its column's label.
            var designs = wide ? lines[at] : lines[at + 1];
            Assert.All(isa.Designs, d => Assert.Contains(ComparisonTable.Short(isa, d.Design), designs, StringComparison.Ordinal));
            Assert.Matches(string.Join(wide ? @"\s+" : "/", isa.Analysis.Theorems.Select(t => ReportText.Word(t.Holds))), lines[at]);
        }
    }

    [Fact]
    public void ShortVerdictsCountWhatTheMarkdownSpellsOut()
    {
        var comparison = Comparisons.ClassicMachines;
        var pg74 = comparison.Isas.Single(i => i.Name == "pg74");
        var m68010 = comparison.Isas.Single(i => i.Name == "m68010");

        Assert.Equal("no (2)", ComparisonTable.Short(pg74, "trap-and-emulate"));
        Assert.Equal("yes (2)", ComparisonTable.Short(pg74, "patched"));
        Assert.Equal("yes", ComparisonTable.Short(m68010, "hybrid"));
        Assert.Equal("-", ComparisonTable.Short(pg74, "hardware"));
        Assert.Equal(Answer.No, pg74.Designs.Single(d => d.Design == "trap-and-emulate").Holds);
    }

    private static List<string> Render(IsaComparison comparison, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        ComparisonTable.Write(comparison, console);
        return [.. output.ToString().Split('\n').Select(l => l.TrimEnd('\r'))];
    }
}
