using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Spec;

/// <summary>A spec file as read: its path as the user gave it (for messages) and its lines.</summary>
public sealed record SourceFile(string DisplayPath, string FullPath, string[] Lines)
{
    /// <summary>
    /// A YAML mark as a position in the file. YamlDotNet puts an error at the end of input on the line after
    /// the last one when the file does not end with a line break; such a mark is moved to the end of the
    /// last line, so that every error names a place an editor can show.
    /// </summary>
    public SourceLocation At(Mark mark)
    {
        return Within((int)mark.Line, (int)mark.Column);
    }

    /// <summary>The nearest position in the file: past the last line is the end of the last line, past a line's end is its end.</summary>
    public SourceLocation Within(int line, int column)
    {
        var inside = Math.Clamp(line, 1, Math.Max(Lines.Length, 1));
        var length = Lines.Length == 0 ? 0 : Lines[inside - 1].TrimEnd('\r').Length;
        var at = inside < line ? length + 1 : Math.Clamp(column, 1, length + 1);
        return new SourceLocation(DisplayPath, inside, at);
    }

    public SourceLocation At(YamlNode node) => At(node.Start);
}

/// <summary>
/// Maps a position inside a YAML scalar (an instruction body, a condition) to the file, so that errors in
/// the semantics language point at the very character in the spec.
/// </summary>
public sealed class ScalarSourceMap : ISourceMap
{
    private readonly SourceFile _file;
    private readonly int _firstLine;
    private readonly int _firstColumn;
    private readonly bool _isBlock;

    private readonly bool _exact;
    private readonly SourceLocation _start;

    public ScalarSourceMap(SourceFile file, YamlScalarNode node)
    {
        _file = file;
        _start = file.At(node);
        _isBlock = node.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        // Folding, multi-line flow scalars and escapes move text around; positions in them are not
        // recoverable, so errors there point at the scalar itself rather than at a wrong character.
        _exact = node.Style == ScalarStyle.Literal
            || (node.Start.Line == node.End.Line && node.Style != ScalarStyle.DoubleQuoted)
            || (node.Start.Line == node.End.Line && !(file.Lines[(int)node.Start.Line - 1].Contains('\\')));
        if (_isBlock)
        {
            // A block scalar's text starts on the line after its '|' indicator, at the block's indentation.
            _firstLine = (int)node.Start.Line + 1;
            _firstColumn = BlockIndent(file, _firstLine) + 1;
        }
        else
        {
            var quoted = node.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted;
            _firstLine = (int)node.Start.Line;
            _firstColumn = (int)node.Start.Column + (quoted ? 1 : 0);
        }
    }

    public SourceLocation Locate(TextPosition position)
    {
        if (!_exact)
        {
            return _start;
        }

        var line = _firstLine + position.Line - 1;
        var column = position.Line == 1 || _isBlock ? _firstColumn + position.Column - 1 : position.Column;
        return _file.Within(line, column);
    }

    private static int BlockIndent(SourceFile file, int line)
    {
        for (var i = line - 1; i < file.Lines.Length; i++)
        {
            var text = file.Lines[i];
            if (text.Trim().Length > 0)
            {
                return text.Length - text.TrimStart(' ').Length;
            }
        }

        return 0;
    }
}
