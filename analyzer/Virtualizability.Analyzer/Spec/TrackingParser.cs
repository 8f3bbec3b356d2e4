using Virtualizability.Analyzer.Semantics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// Remembers where the last good YAML event ended, and bounds how deep sequences and mappings nest. Some
/// malformed inputs make YamlDotNet's scanner throw without a position; the last good mark lets the error
/// still point near the fault. YamlDotNet builds its node tree by recursion, so without the bound a file
/// of nested brackets would overflow the stack.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    private int _depth;

    public Mark LastGood { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (inner.Current is { } current)
        {
            LastGood = current.End;
        }

        var moved = inner.MoveNext();
        switch (inner.Current)
        {
            case SequenceStart or MappingStart when ++_depth > Nesting.MaxDepth:
                throw new YamlNestingException(inner.Current.Start);
            case SequenceEnd or MappingEnd:
                _depth--;
                break;
        }

        return moved;
    }
}

/// <summary>YAML collections nested deeper than <see cref="Nesting.MaxDepth"/>, at the first one too deep.</summary>
internal sealed class YamlNestingException(Mark start)
    : Exception($"YAML nested deeper than {Nesting.MaxDepth} levels: a spec needs only a few levels of sequences and mappings")
{
    public Mark Start { get; } = start;
}
