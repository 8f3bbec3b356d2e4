namespace Virtualizability.Cli.Commands;

/// <summary>Where a command writes, and the token that Ctrl-C cancels.</summary>
internal sealed record CommandIo(TextWriter Output, TextWriter Error, CancellationToken Cancellation)
{
    /// <summary>Standard input (for `validate -`).</summary>
    public TextReader Input { get; init; } = Console.In;

    /// <summary>Writes "virt: MESSAGE" on standard error and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, string message)
    {
        Error.WriteLine($"virt: {message}");
        return exitCode;
    }

    /// <summary>True when standard output is this process's terminal (not a pipe, a file or a test's writer).</summary>
    public bool OutputIsTerminal => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;
}
