namespace Virtualizability.Analyzer.Diagnostics;

/// <summary>One located error in a spec. Errors are gathered and reported together, never one by one.</summary>
public sealed record Diagnostic(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>Collects diagnostics while a spec is loaded; loading goes on after an error.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public bool HasErrors => _items.Count > 0;

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Add(SourceLocation location, string message) => _items.Add(new Diagnostic(location, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public IReadOnlyList<Diagnostic> Sorted() =>
        _items.Distinct()
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
}
