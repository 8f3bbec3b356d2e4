using PuppeteerSharp;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Reports.Comparison;
using Virtualizability.Reports.Html;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests.Comparison;

/// <summary>
/// The HTML report opened in a real browser: Debian's chromium (installed by .ci/run), driven by
/// PuppeteerSharp, which never downloads a browser of its own here. The page must load without a single
/// console error, show the verdicts as text, and leave a screenshot behind as a test artifact.
/// </summary>
public sealed class HtmlBrowserTests
{
    private static readonly string[] ChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static string ArtifactDirectory => Path.Combine(Repo.TestProject, "TestResults", "artifacts");

    [Fact]
    public async Task ShippedComparisonRendersInChromiumWithoutConsoleErrors()
    {
        var comparison = Comparisons.Shipped;
        Directory.CreateDirectory(ArtifactDirectory);
        var page = Path.Combine(ArtifactDirectory, "compare-shipped.html");
        await File.WriteAllTextAsync(page, HtmlReport.Write(comparison));

        var (text, problems, heatCells) = await RenderAsync(page, Path.Combine(ArtifactDirectory, "compare-shipped-heatmap.png"), "table.heat", "table.heat tbody td:not(.note)");

        Assert.Empty(problems);
        foreach (var isa in comparison.Isas)
        {
            foreach (var theorem in isa.Analysis.Theorems)
            {
                Assert.Contains($"{theorem.Theorem}: {ReportText.Word(theorem.Holds)}", text, StringComparison.Ordinal);
            }

            foreach (var design in isa.Designs)
            {
                Assert.Contains(ComparisonText.Design(isa, design.Design), text, StringComparison.Ordinal);
            }
        }

        Assert.Equal(comparison.SensitiveRows.Count() * comparison.Isas.Length, heatCells);
        Assert.True(new FileInfo(Path.Combine(ArtifactDirectory, "compare-shipped-heatmap.png")).Length > 10_000);
    }

    [Theory]
    [InlineData("isa-specs/pg74.yaml", VmmDesign.TrapAndEmulate, "trap-and-emulate: refuted", "Theorem 1 check: equal")]
    [InlineData(Comparisons.HardwareTestSpec, VmmDesign.Hardware, "hardware: proved", "controls: EXIT_HALT, EXIT_SETR, EXIT_LPSW, EXIT_LRA")]
    public async Task AProofRendersInChromiumWithItsVerdictsAndCounterexamples(string spec, VmmDesign design, string verdict, string badge)
    {
        var proof = Proofs.Of(spec, design);
        Directory.CreateDirectory(ArtifactDirectory);
        var name = $"prove-{proof.Isa}-{design.Name()}";
        var page = Path.Combine(ArtifactDirectory, name + ".html");
        await File.WriteAllTextAsync(page, ProofHtmlReport.Write(proof));
        var screenshot = Path.Combine(ArtifactDirectory, name + "-obligations.png");

        var (text, problems, highlighted) = await RenderAsync(page, screenshot, "table.obligations", ".witness td.hit");

        Assert.Empty(problems);
        Assert.Contains(verdict, text, StringComparison.Ordinal);
        Assert.Contains(badge, text, StringComparison.Ordinal);
        var refuted = proof.Instructions.SelectMany(i => i.Obligations).Where(o => o.Result is ProofResult.Refuted).ToList();
        Assert.All(refuted, o => Assert.Contains($"{o.Obligation.Instruction} {o.Obligation.Id}", text, StringComparison.Ordinal));

        // Each counterexample highlights its differing resource in the virtual and the real column at least.
        Assert.True(highlighted >= 2 * refuted.Count, $"{highlighted} highlighted cells for {refuted.Count} counterexamples");
        Assert.True(new FileInfo(screenshot).Length > 5_000);
    }

    private static async Task<(string Text, List<string> Problems, int Count)> RenderAsync(string page, string screenshot, string shot, string count)
    {
        var executable = ChromiumPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: `apt-get install chromium` (.ci/run does this)");
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,

            // Root in CI and containers: chromium refuses its sandbox there.
            Args = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
        });
        await using var tab = await browser.NewPageAsync();
        var problems = new List<string>();
        tab.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning)
            {
                problems.Add($"console {e.Message.Type}: {e.Message.Text}");
            }
        };
        tab.PageError += (_, e) => problems.Add($"page error: {e.Message}");
        tab.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url}");
        await tab.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        await tab.GoToAsync(new Uri(page).AbsoluteUri, WaitUntilNavigation.Load);
        var text = await tab.EvaluateExpressionAsync<string>("document.body.innerText");
        var counted = await tab.EvaluateExpressionAsync<int>($"document.querySelectorAll('{count}').length");

        // The whole page is taller than chromium will capture at once; the table shot is what a reader looks at first.
        var element = await tab.QuerySelectorAsync(shot) ?? throw new InvalidOperationException($"the page has no {shot}");
        await element.ScreenshotAsync(screenshot);
        return (text, problems, counted);
    }
}
