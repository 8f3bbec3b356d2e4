using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 4: every user error is one line saying what was wrong and what to do; never a .NET name or "internal error".</summary>
public sealed class MessageTests
{
    public static TheoryData<string[], string> UserErrors() => new()
    {
        { ["validate", ""], "virt: the spec file name is empty: give the path of a YAML ISA description" },
        { ["analyze", "PG74", "--rlimit", "abc"], "virt: --rlimit takes a whole number (0 or more), not 'abc'" },
        { ["analyze", "PG74", "--jobs", "many"], "virt: --jobs takes a whole number, not 'many'" },
        { ["analyze", "PG74", "--emit-smt2", "FILE"], "virt: --emit-smt2 needs a folder, and 'FILE' is a file: give a folder name (it is created if missing)" },
        { ["analyze", "PG74", "-o", "/no-such-folder/x.json"], "virt: cannot write '/no-such-folder/x.json': the folder '/no-such-folder' does not exist; create it first" },
        { ["frobnicate"], "virt: unknown command or argument 'frobnicate'" },
        { ["analyze", "PG74", "--frobnicate"], "virt: unknown option '--frobnicate'" },
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public void AUserErrorIsOneLineWithoutInternalsAndExitsTwo(string[] args, string expected)
    {
        using var folder = new TempFolder();
        var file = folder.File("existing.smt2");
        File.WriteAllText(file, "");
        string Fill(string s) => s.Replace("PG74", Virt.Spec("pg74.yaml")).Replace("FILE", file);

        var run = Virt.Run([.. args.Select(Fill)]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(Fill(expected), run.ErrorLines.First());
        Assert.True(run.ErrorLines.Count() <= 2, run.ToString());
        Assert.All(run.ErrorLines.Skip(1), l => Assert.Equal("Run 'virt --help' for usage.", l));
        Assert.DoesNotContain("internal error", run.Error);
        Assert.DoesNotContain("System.", run.Error);
        Assert.DoesNotContain(".tmp", run.Error);
        Assert.False(run.HasStackTrace, run.ToString());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void AFailedClaimIsPrintedOnce()
    {
        using var folder = new TempFolder();
        var spec = folder.CopySpec("pg74.yaml", t => t.Replace("expect: [critical, mode-sensitive]", "expect: [innocuous]"));

        var table = Virt.Run("analyze", spec);
        var json = Virt.Run("analyze", spec, "-f", "json");

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.Equal(1, (table.Output + table.Error).Split('\n').Count(l => l.Contains("RDMODE expects innocuous", StringComparison.Ordinal) || l.Contains("claim 'innocuous' does not hold", StringComparison.Ordinal)));
        Assert.Equal(1, json.ErrorLines.Count(l => l.Contains("claim 'innocuous' does not hold", StringComparison.Ordinal)));
    }
}
