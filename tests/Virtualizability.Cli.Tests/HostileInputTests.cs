using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>
/// Inputs that once crashed `virt` with a stack overflow: nesting past the limit exits 2 at the first level
/// too deep, and a very long sum is an ordinary spec that validates and is analyzed.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const string LastLine = "      FLAGS.IF := 0;";

    private readonly string _folder = Directory.CreateTempSubdirectory("virt-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AnExpressionNested100000LevelsIsALocatedError()
    {
        var path = WithStatement("deep", "A := " + new string('(', 100_000) + "B" + new string(')', 100_000) + ";");

        var run = Virt.Run("validate", path);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
        // The statement is on line 40 from column 7; the value's first '(' is at column 12 and level 1.
        Assert.StartsWith($"{path}:40:512: expression nested deeper than 500 levels", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlNested100000LevelsIsALocatedError()
    {
        var path = Path.Combine(_folder, "deep-yaml.yaml");
        File.WriteAllText(path, "isa: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var run = Virt.Run("validate", path);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
        // The top-level mapping is level 1, so the 500th '[' (at column 6 + 499) is level 501.
        Assert.StartsWith($"{path}:1:505: YAML nested deeper than 500 levels", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ASumOf20000TermsValidatesAndIsAnalyzed()
    {
        var path = WithStatement("sum", "A := " + string.Join(" + ", Enumerable.Repeat("B", 20_000)) + " - A;");

        var validate = Virt.Run("validate", path);
        var analyze = Virt.Run("analyze", path, "-j", "1");

        Assert.True(validate.ExitCode == ExitCodes.Success, validate.ToString());
        Assert.True(analyze.ExitCode == ExitCodes.Success, analyze.ToString());
        Assert.Contains("Theorem 1: yes", analyze.Output, StringComparison.Ordinal);
    }

    private string WithStatement(string name, string statement)
    {
        var tiny = File.ReadAllText(Path.Combine(Repo.Root, "tests", "Virtualizability.Analyzer.Tests", "TestData", "valid-tiny.yaml"));
        Assert.Contains(LastLine, tiny, StringComparison.Ordinal);
        var path = Path.Combine(_folder, name + ".yaml");
        File.WriteAllText(path, tiny.Replace(LastLine, $"{LastLine}\n      {statement}", StringComparison.Ordinal));
        return path;
    }
}
