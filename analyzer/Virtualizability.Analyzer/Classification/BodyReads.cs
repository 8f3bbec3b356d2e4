using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Which registers a body reads anywhere (the timing dependencies of Theorem 2), and which bits (the controls of the hardware design).</summary>
internal static class BodyReads
{
    public static HashSet<int> Registers(BoundBody body, int registerCount)
    {
        var bits = Bits(body, registerCount);
        return Enumerable.Range(0, registerCount).Where(r => bits[r] != 0).ToHashSet();
    }

    /// <summary>The bits of each register a body reads anywhere (the controls an instruction's proofs depend on).</summary>
    public static ulong[] Bits(BoundBody body, int registerCount)
    {
        var bits = new ulong[registerCount];
        var pending = new Stack<BoundStmt>(body.Statements.Reverse());
        while (pending.Count > 0)
        {
            foreach (var expr in Expressions(pending.Pop(), pending))
            {
                RegisterBits.Collect(expr, bits);
            }
        }

        return bits;
    }

    /// <summary>The expressions a statement evaluates itself; the statements nested in it go on the stack.</summary>
    private static IEnumerable<BoundExpr> Expressions(BoundStmt statement, Stack<BoundStmt> nested)
    {
        switch (statement)
        {
            case LetBound let: return [let.Value];
            case AssignRegister assign: return [assign.Value];
            case AssignRegisterOperand assign: return [assign.Value];
            case MemoryWrite write: return [write.Address, write.Value];
            case IfBound branch:
                foreach (var inner in branch.Then.Concat(branch.Else))
                {
                    nested.Push(inner);
                }

                return [branch.Condition];
            default: return [];
        }
    }
}
