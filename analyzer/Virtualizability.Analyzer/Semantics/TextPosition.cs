using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>A 1-based line and column inside one body or expression text.</summary>
public readonly record struct TextPosition(int Line, int Column);

/// <summary>Maps positions inside an embedded text (a YAML scalar) back to the spec file.</summary>
public interface ISourceMap
{
    SourceLocation Locate(TextPosition position);
}

/// <summary>For texts that do not come from a file (tests, command-line expressions).</summary>
public sealed class PlainSourceMap(string name) : ISourceMap
{
    public SourceLocation Locate(TextPosition position) => new(name, position.Line, position.Column);
}
