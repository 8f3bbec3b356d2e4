using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class TerminalReportTests
{
    [Fact]
    public void ShowsTableVerdictsFailedClaimsAndStatistics()
    {
        var text = Render(Samples.Toy(), witnesses: false);

        Assert.Contains("RDM", text);
        Assert.Contains("critical", text);
        Assert.Contains("mode", text);
        Assert.Contains("Theorem 1: no", text);
        Assert.Contains("Theorem 3: unknown", text);
        Assert.Contains($"claim failed at {Samples.File}:25:14: RDM expects innocuous", text);
        Assert.Contains("12 queries, median 3.5 ms, total 0.0 s", text);
        Assert.DoesNotContain("runs without trapping", text);
    }

    [Fact]
    public void WithWitnessesShowsEveryWitnessReason()
    {
        var text = Render(Samples.Toy(), witnesses: true);

        Assert.Contains("privileged = no: RDM runs without trapping in usr as in sup", text);
        Assert.Contains("privileged = yes: HLT traps (privilege) in usr where it runs in sup", text);
    }

    [Fact]
    public void TextThatLooksLikeMarkupIsShownAsIs()
    {
        var result = Samples.Toy() with { Isa = "[red]toy[/]" };

        Assert.Contains("[red]toy[/]", Render(result, witnesses: false));
    }

    [Fact]
    public void ClassesHaveDistinctColors()
    {
        var colors = Enum.GetValues<InstructionClass>().Select(c => TerminalReport.ClassStyle(c).Foreground).ToList();

        Assert.Equal(colors.Count, colors.Distinct().Count());
        Assert.Equal(Color.Red, TerminalReport.ClassStyle(InstructionClass.Critical).Foreground);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    public void TheTableFitsTheWidthWithoutSplittingAHeader(int width)
    {
        var text = Render(Specs.Classified("isa-specs/pg74.yaml"), new TerminalOptions(), width);
        var lines = text.Split('\n');

        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        var header = lines.First(l => l.Contains("instruction", StringComparison.Ordinal));
        Assert.Contains("reason", header);
        Assert.Contains("class", header);
    }

    [Fact]
    public void At120ColumnsAnInnocuousInstructionTakesOneLine()
    {
        var lines = Render(Specs.Classified("isa-specs/pg74.yaml"), new TerminalOptions(), 120).Split('\n');

        var load = Assert.Single(lines, l => l.Contains("LOAD", StringComparison.Ordinal));
        Assert.Contains("proved: neither control- nor behavior-sensitive", load);
    }

    [Fact]
    public void LinesLayoutPutsEachInstructionOnOneLineWhateverItsLength()
    {
        var long_ = Samples.Toy();
        var reason = new string('x', 300);
        long_ = long_ with { Instructions = [.. long_.Instructions.Select(i => i with { Name = i.Name + "_" + reason })] };

        var lines = Render(long_, new TerminalOptions(Lines: true), 1 << 20).Split('\n');

        Assert.Equal(4, lines.Count(l => l.Contains(reason, StringComparison.Ordinal) && !l.StartsWith("Theorem", StringComparison.Ordinal) && !l.StartsWith("claim", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("RDM_", StringComparison.Ordinal) && l.Contains("critical", StringComparison.Ordinal));
    }

    [Fact]
    public void QuietShowsOnlyTheVerdicts()
    {
        var lines = Render(Samples.Toy(), new TerminalOptions(Quiet: true), 200).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["Theorem 1", "Theorem 2", "Theorem 3"], lines.Select(l => l[..l.IndexOf(':')]));
    }

    private static string Render(SpecClassification result, TerminalOptions options, int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        TerminalReport.Write(result, console, options);
        return output.ToString();
    }

    private static string Render(SpecClassification result, bool witnesses)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        TerminalReport.Write(result, console, witnesses);
        return output.ToString();
    }
}
