using System.Collections.Concurrent;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Which way each <c>if</c> of the bodies went, counted by a concrete machine compiled with it: the branch
/// coverage of the semantics that the agreement tests measure. Branches are told apart by node identity.
/// </summary>
public sealed class BranchCoverage
{
    private readonly ConcurrentDictionary<IfBound, BranchCounter> _counters = new(ReferenceEqualityComparer.Instance);

    public BranchCounter For(IfBound branch) => _counters.GetOrAdd(branch, _ => new BranchCounter());

    /// <summary>True when the branch was taken the given way at least once.</summary>
    public bool Taken(IfBound branch, bool then) =>
        _counters.TryGetValue(branch, out var counter) && (then ? counter.Then : counter.Else) > 0;

    /// <summary>Every <c>if</c> of a body, outermost first, in the order they are written.</summary>
    public static IEnumerable<IfBound> Branches(BoundBody body) => Branches(body.Statements);

    private static IEnumerable<IfBound> Branches(IEnumerable<BoundStmt> statements)
    {
        foreach (var statement in statements)
        {
            if (statement is IfBound branch)
            {
                yield return branch;
                foreach (var inner in Branches(branch.Then).Concat(Branches(branch.Else)))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>How often one <c>if</c> went each way.</summary>
public sealed class BranchCounter
{
    private int _then;
    private int _else;

    public int Then => Volatile.Read(ref _then);

    public int Else => Volatile.Read(ref _else);

    public void HitThen() => Interlocked.Increment(ref _then);

    public void HitElse() => Interlocked.Increment(ref _else);
}
