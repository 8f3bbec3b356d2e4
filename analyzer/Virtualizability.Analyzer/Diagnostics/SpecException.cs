namespace Virtualizability.Analyzer.Diagnostics;

/// <summary>Thrown by the throwing loaders; carries every error found, not just the first.</summary>
public sealed class SpecException : Exception
{
    public SpecException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
