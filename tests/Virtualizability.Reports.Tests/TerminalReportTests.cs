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
