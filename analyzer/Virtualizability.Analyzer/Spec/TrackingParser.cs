using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// Remembers where the last good YAML event ended. Some malformed inputs make YamlDotNet's scanner throw
/// without a position; this lets the error still point near the fault.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public Mark LastGood { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (inner.Current is { } current)
        {
            LastGood = current.End;
        }

        return inner.MoveNext();
    }
}
