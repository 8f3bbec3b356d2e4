using Virtualizability.Analyzer.Spec;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Deliver 10: validate's counts add up; one message for an unknown command; a tiny --rlimit fails fast.</summary>
public sealed class SmallThingsTests
{
    [Theory]
    [InlineData("x86-32.yaml")]
    [InlineData("pg74.yaml")]
    public void ValidateCountsAddUp(string file)
    {
        var spec = SpecLoader.Load(Virt.Spec(file));

        var run = Virt.Run("validate", Virt.Spec(file));

        Assert.True(run.ExitCode == 0, run.ToString());
        var registers = run.OutputLines.Single(l => l.TrimStart().StartsWith("registers:", StringComparison.Ordinal));
        var counts = System.Text.RegularExpressions.Regex.Match(registers, @"registers:\s+(\d+) \(mode (\d+), control (\d+), user (\d+)\)");
        Assert.True(counts.Success, registers);
        Assert.Equal(spec.Registers.Length, int.Parse(counts.Groups[1].Value));
        Assert.Equal(spec.Registers.Length, Enumerable.Range(2, 3).Sum(g => int.Parse(counts.Groups[g].Value)));
        var fields = spec.Registers.Sum(r => r.Fields.Length);
        Assert.Contains(run.OutputLines, l => l.TrimStart().StartsWith($"fields:         {fields}", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownCommandIsOneMessage()
    {
        var run = Virt.Run("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["virt: unknown command or argument 'frobnicate'", "Run 'virt --help' for usage."], run.ErrorLines);
    }

    /// <summary>
    /// With --rlimit 1 every query is exhausted in the fast attempt and is unknown at once, with the reason;
    /// that no query goes on to the general solver is tested on the query runner (QueryRunnerTests), and
    /// the time is measured in bench/ (never in a unit test).
    /// </summary>
    [Fact]
    public void ATinyResourceLimitGivesUnknownsWithTheReason()
    {
        var run = Virt.Run("analyze", Virt.Spec("pg74.yaml"), "-f", "json", "--rlimit", "1");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("solver answered unknown: max. resource limit exceeded", run.Output);
    }
}
