using System.Text.Json.Nodes;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>`virt compare` end to end, on the small specs (the x86 comparisons are covered by the report tests).</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("virt-compare-").FullName;

    private static string Pg74 => Path.Combine(Repo.Specs, "pg74.yaml");

    private static string Pg74Virtualizable => Path.Combine(Repo.Specs, "pg74-virtualizable.yaml");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void MarkdownByDefault()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| pg74 | 9 | 4 | 3 | 0 | 2 | 0 | no | no | no | no (2 refuted) | no (1 refuted) | yes (patch set of 2) |", run.Output, StringComparison.Ordinal);
        Assert.Contains("| pg74-virtualizable | 9 | 4 | 5 | 0 | 0 | 0 | yes | yes | yes | yes | yes | yes (patch set of 0) |", run.Output, StringComparison.Ordinal);
        Assert.Contains("| RDMODE | name | **critical** | privileged | critical in pg74; privileged in pg74-virtualizable |", run.Output, StringComparison.Ordinal);
        Assert.All(run.ErrorLines, l => Assert.StartsWith("virt: compar", l, StringComparison.Ordinal));
    }

    /// <summary>
    /// Ctrl-C (a cancelled token, as Program's SIGINT handler cancels it) reaches every spec's workers and
    /// Z3: the comparison stops, writes nothing and exits 130, rather than running on until the process is
    /// ended from outside.
    /// </summary>
    [Fact]
    public void ACancelledComparisonWritesNothingAndExits130()
    {
        var file = Path.Combine(_folder, "out.json");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = VirtCommandLine.Run(["compare", Virt.Spec("x86-64.yaml"), Virt.Spec("x86-32.yaml"), "-j", "2", "-o", file], output, error, cancel.Token);

        Assert.True(exit == 130, error.ToString());
        Assert.False(File.Exists(file));
        Assert.Contains("virt: interrupted; nothing was written", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AReportForAFileOrAPipeSaysOnStandardErrorWhichSpecsAreDone()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "-j", "2", "--no-designs", "-o", Path.Combine(_folder, "out.json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.ErrorLines.ToList();
        Assert.Equal("virt: comparing 2 spec(s): 2 side by side on 1 worker(s) each", lines[0]);
        Assert.Equal(3, lines.Count);

        // The specs run side by side: either may finish first, but the count goes 1, 2.
        Assert.Matches(@"^virt: compare: pg74(-virtualizable)? done \(1 of 2\)$", lines[1]);
        Assert.Matches(@"^virt: compare: pg74(-virtualizable)? done \(2 of 2\)$", lines[2]);
        Assert.Equal(["pg74", "pg74-virtualizable"], lines.Skip(1).Select(l => l.Split(' ')[2]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheTableShowsEveryIsaWithItsVerdictsAndNoProgressOffATerminal()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "-f", "table");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.OutputLines.ToList();
        Assert.Matches(@"^ISA\s+instr\s+inn\s+priv\s+trap\s+crit\s+unk\s+T1\s+T2\s+T3\s+t&e\s+hybrid\s+patched$", lines[0]);
        Assert.Matches(@"^pg74\s+9\s+4\s+3\s+0\s+2\s+0\s+no\s+no\s+no\s+no \(2\)\s+no \(1\)\s+yes \(2\)$", lines[1]);
        Assert.Matches(@"^pg74-virtualizable\s+9\s+4\s+5\s+0\s+0\s+0\s+yes\s+yes\s+yes\s+yes\s+yes\s+yes \(0\)$", lines[2]);
        Assert.Contains(lines, l => l.Contains("t&e: trap-and-emulate", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);

        // Like `virt analyze`'s table in a pipe: nothing on standard error.
        Assert.Empty(run.Error);
    }

    [Fact]
    public void TheTableWithoutDesignsHasNoDesignColumnsAndColorAlwaysColorsIt()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "-f", "TABLE", "--no-designs", "--color", "always");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\u001b[", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("t&e", run.Output, StringComparison.Ordinal);
        Assert.Contains("pg74-virtualizable", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDesignsClassifiesOnly()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "--no-designs", "-j", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("| pg74 | 9 | 4 | 3 | 0 | 2 | 0 | no | no | no |\n", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("trap-and-emulate", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDesignsDoNotDependOnHowTheWorkersAreSplit()
    {
        var one = Virt.Run("compare", Pg74, Pg74Virtualizable, "-j", "1", "-f", "json");
        var two = Virt.Run("compare", Pg74, Pg74Virtualizable, "-j", "2", "-f", "json");

        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.ToString() + two);
        Assert.Equal(one.Output, two.Output);
        Assert.Equal(["yes", "yes", "yes"], JsonNode.Parse(one.Output)!["isas"]![1]!["designs"]!.AsArray().Select(d => (string?)d!["holds"]));
    }

    [Theory]
    [InlineData("out.json", "{")]
    [InlineData("out.tex", "% Generated by virt compare")]
    [InlineData("out.html", "<!DOCTYPE html>")]
    [InlineData("out.md", "# Virtualizability of 2 instruction sets")]
    [InlineData("out.txt", "ISA ")]
    public void FormatFollowsTheOutputsExtension(string file, string start)
    {
        var path = Path.Combine(_folder, file);
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "-o", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith(start, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Equal([file], Directory.EnumerateFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void JsonHasEveryInstructionOfBoth()
    {
        var run = Virt.Run("compare", Pg74, Pg74Virtualizable, "-f", "JSON");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = JsonNode.Parse(run.Output)!["instructions"]!.AsArray();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r!["classes"]!.AsObject().Count));
    }

    [Theory]
    [InlineData(new[] { "compare" }, "compare needs at least one FILE, or --shipped")]
    [InlineData(new[] { "compare", "isa-specs/pg74.yaml", "-f", "pdf" }, "unknown format 'pdf': expected one of markdown, json, latex, html, table")]
    [InlineData(new[] { "compare", "isa-specs/pg74.yaml", "-f", "table", "--color", "purple" }, "--color takes auto, always or never, not 'purple'")]
    [InlineData(new[] { "compare", "no-such-spec.yaml" }, "no-such-spec.yaml")]
    public void BadUsageExitsTwoWithOneMessage(string[] args, string message)
    {
        var run = Virt.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(run.HasStackTrace);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void ABrokenSpecWritesNoOutputFile()
    {
        var broken = Path.Combine(_folder, "broken.yaml");
        File.WriteAllText(broken, "isa: x\nstate: 3\n");
        var path = Path.Combine(_folder, "out.md");

        var run = Virt.Run("compare", Pg74, broken, "-o", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("broken.yaml:", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
