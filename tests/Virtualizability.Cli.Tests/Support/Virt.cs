namespace Virtualizability.Cli.Tests.Support;

/// <summary>What one run of `virt` did: its exit code and everything it wrote to each writer.</summary>
public sealed record VirtRun(int ExitCode, string Output, string Error)
{
    public IEnumerable<string> ErrorLines => Lines(Error);

    public IEnumerable<string> OutputLines => Lines(Output);

    /// <summary>A stack trace shows up as lines starting "   at "; a user must never see one.</summary>
    public bool HasStackTrace => OutputLines.Concat(ErrorLines).Any(l => l.StartsWith("   at ", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\n--- output ---\n{Output}--- error ---\n{Error}";

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
}

/// <summary>Runs the command line in process, as the `virt` executable would, with captured writers.</summary>
public static class Virt
{
    public static VirtRun Run(params string[] args) => RunWithInput("", args);

    /// <summary>Runs with <paramref name="input"/> as standard input.</summary>
    public static VirtRun RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = VirtCommandLine.Run(args, output, error, CancellationToken.None, new StringReader(input));
        return new VirtRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A shipped spec's path.</summary>
    public static string Spec(string name) => Path.Combine(Repo.Specs, name);
}
