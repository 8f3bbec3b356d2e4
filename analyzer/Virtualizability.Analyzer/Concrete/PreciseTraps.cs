using System.Collections.Immutable;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Whether a body can reach a <c>trap</c> after it has written something. Only such a body needs an undo
/// log to keep its traps precise; the others (every body that checks before it writes, and every body that
/// never traps) write straight to the state at no extra cost.
/// </summary>
public static class PreciseTraps
{
    public static bool NeedsUndo(BoundBody body) => Walk(body.Statements, wroteBefore: false).TrapAfterWrite;

    // Statements in order; a branch is walked with what was written before it, and after it counts as
    // written when either arm writes. Lists are walked in a loop; only nested ifs recurse, and the loader
    // bounds their depth.
    private static (bool Wrote, bool TrapAfterWrite) Walk(ImmutableArray<BoundStmt> statements, bool wroteBefore)
    {
        var wrote = wroteBefore;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case LetBound:
                    break;
                case AssignRegister or AssignRegisterOperand or MemoryWrite:
                    wrote = true;
                    break;
                case TrapBound when wrote:
                    return (true, true);
                case TrapBound:
                    break;
                case IfBound branch:
                    var then = Walk(branch.Then, wrote);
                    var otherwise = Walk(branch.Else, wrote);
                    if (then.TrapAfterWrite || otherwise.TrapAfterWrite)
                    {
                        return (true, true);
                    }

                    wrote = then.Wrote || otherwise.Wrote;
                    break;
                default:
                    throw new InvalidOperationException($"unknown statement {statement.GetType().Name}");
            }
        }

        return (wrote, false);
    }
}
