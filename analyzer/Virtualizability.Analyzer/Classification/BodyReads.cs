using System.Collections.Immutable;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Which registers a body reads anywhere (for the timing dependencies of Theorem 2).</summary>
internal static class BodyReads
{
    public static HashSet<int> Registers(BoundBody body)
    {
        var registers = new HashSet<int>();
        foreach (var statement in body.Statements)
        {
            Visit(statement, registers);
        }

        return registers;
    }

    private static void Visit(BoundStmt statement, HashSet<int> registers)
    {
        switch (statement)
        {
            case LetBound let: Visit(let.Value, registers); break;
            case AssignRegister assign: Visit(assign.Value, registers); break;
            case AssignRegisterOperand assign: Visit(assign.Value, registers); break;
            case MemoryWrite write: Visit(write.Address, registers); Visit(write.Value, registers); break;
            case IfBound branch:
                Visit(branch.Condition, registers);
                VisitAll(branch.Then, registers);
                VisitAll(branch.Else, registers);
                break;
        }
    }

    private static void VisitAll(ImmutableArray<BoundStmt> statements, HashSet<int> registers)
    {
        foreach (var statement in statements)
        {
            Visit(statement, registers);
        }
    }

    private static void Visit(BoundExpr expr, HashSet<int> registers)
    {
        switch (expr)
        {
            case RegisterRead r: registers.Add(r.Register); break;
            case RegisterOperandRead r: registers.UnionWith(r.Registers); break;
            case MemoryRead m: Visit(m.Address, registers); break;
            case SliceExpr s: Visit(s.Value, registers); break;
            case UnaryBound u: Visit(u.Operand, registers); break;
            case BinaryBound b: Visit(b.Left, registers); Visit(b.Right, registers); break;
            case ExtendExpr e: Visit(e.Value, registers); break;
            case IteExpr i: Visit(i.Condition, registers); Visit(i.Then, registers); Visit(i.Else, registers); break;
        }
    }
}
