using System.Diagnostics;
using Virtualizability.Reports.Comparison;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests.Comparison;

/// <summary>
/// The LaTeX a paper would <c>\input</c> is compiled by TeX itself (pdflatex from Debian's
/// texlive-latex-recommended, which has booktabs; .ci/run installs it) inside the smallest document that
/// loads booktabs: any error, such as an unescaped character or a row with the wrong number of cells, fails.
/// </summary>
public sealed class LatexCompileTests
{
    private const string Pdflatex = "/usr/bin/pdflatex";

    public static TheoryData<string> ComparisonNames() => new(Comparisons.SnapshotNames);

    [Theory]
    [MemberData(nameof(ComparisonNames))]
    public void TheComparisonCompilesInsideADocumentWithBooktabs(string name)
    {
        var comparison = name == Comparisons.SnapshotName ? Comparisons.ClassicMachines : Comparisons.Of(Comparisons.WithHardware);
        var folder = Path.Combine(HtmlBrowserTests.ArtifactDirectory, "latex-" + name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "comparison.tex"), ComparisonLatex.Write(comparison));
        File.WriteAllText(Path.Combine(folder, "paper.tex"), """
            \documentclass{article}
            \usepackage{booktabs}
            \begin{document}
            \tiny
            \input{comparison.tex}
            \end{document}
            """);

        var (exit, log) = Compile(folder);

        Assert.True(exit == 0, $"pdflatex failed on the comparison (exit {exit}):\n{Errors(log)}");
        Assert.True(new FileInfo(Path.Combine(folder, "paper.pdf")).Length > 1000, "pdflatex wrote no PDF");
        Assert.DoesNotContain("Undefined control sequence", log, StringComparison.Ordinal);
    }

    private static (int Exit, string Log) Compile(string folder)
    {
        if (!File.Exists(Pdflatex))
        {
            throw new InvalidOperationException("pdflatex is not installed: `apt-get install --no-install-recommends texlive-latex-recommended` (.ci/run does this)");
        }

        var start = new ProcessStartInfo(Pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "paper.tex"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("pdflatex ran for more than 2 minutes");
        }

        return (process.ExitCode, output.Result + error);
    }

    // TeX's error lines start with "!"; the line after each says where.
    private static string Errors(string log) =>
        string.Join("\n", log.Split('\n').SkipWhile(l => !l.StartsWith('!')).Take(12));
}
