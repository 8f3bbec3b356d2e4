using PuppeteerSharp;
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

        var (text, problems, heatCells) = await RenderAsync(page, Path.Combine(ArtifactDirectory, "compare-shipped-heatmap.png"));

        Assert.Empty(problems);
        foreach (var isa in comparison.Isas)
        {
            foreach (var theorem in isa.Analysis.Theorems)
            {
                Assert.Contains($"{theorem.Theorem}: {ReportText.Word(theorem.Holds)}", text, StringComparison.Ordinal);
            }
        }

        Assert.Equal(comparison.SensitiveRows.Count() * comparison.Isas.Length, heatCells);
        Assert.True(new FileInfo(Path.Combine(ArtifactDirectory, "compare-shipped-heatmap.png")).Length > 10_000);
    }

    private static async Task<(string Text, List<string> Problems, int HeatCells)> RenderAsync(string page, string screenshot)
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
        var heatCells = await tab.EvaluateExpressionAsync<int>("document.querySelectorAll('table.heat tbody td:not(.note)').length");
        // The whole page is taller than chromium will capture at once; the heat map is what a reader looks at first.
        var heatMap = await tab.QuerySelectorAsync("table.heat") ?? throw new InvalidOperationException("the page has no heat map");
        await heatMap.ScreenshotAsync(screenshot);
        return (text, problems, heatCells);
    }
}
