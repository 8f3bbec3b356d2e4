namespace Virtualizability.Analyzer.Semantics;

/// <summary>
/// How deep an input may nest. Every stage after the loader walks the trees it builds by recursion, so the
/// loader bounds their depth once, with a located error, instead of letting a hostile spec overflow the
/// stack (which no handler can catch). Long chains of one associative operator (<c>a + b + c + …</c>) do
/// not count level by level: the parser reads them in a loop and the binder builds them as balanced trees.
/// </summary>
public static class Nesting
{
    /// <summary>
    /// The deepest nesting accepted: of parentheses, operators, calls, slices and conditionals in an
    /// expression together with the <c>if</c> blocks around it, of a chain of non-associative operators
    /// (<c>a &lt;&lt; b &lt;&lt; c</c>), and of YAML sequences and mappings. Real specs stay below 20.
    /// </summary>
    public const int MaxDepth = 500;

    /// <summary>Chains of an associative operator longer than this are bound as balanced trees.</summary>
    public const int BalanceChainsLongerThan = 16;
}
