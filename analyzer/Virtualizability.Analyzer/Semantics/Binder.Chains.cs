using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>
/// Binary operators, bound a chain at a time: <c>a + b - c + …</c> is one chain of the '+' level. The
/// operands are bound in a loop, so a chain of any length costs no stack; a long chain of an associative
/// operator becomes a balanced tree, so the stages that walk the bound tree by recursion go only about
/// log2(length) levels deep. Short chains keep the left-associative shape they were written in.
/// </summary>
public sealed partial class Binder
{
    /// <summary>The operands of a chain, left to right, and the operator node before each operand but the first.</summary>
    private sealed record Chain(ImmutableArray<Expr> Operands, ImmutableArray<BinaryExpr> Operators);

    private BoundExpr? BindBinary(BinaryExpr binary, int? expected)
    {
        var chain = ChainOf(binary);
        var op = BinaryOps[binary.Operator];
        var operands = op switch
        {
            BinaryOp.LogicalAnd or BinaryOp.LogicalOr => chain.Operands.Select(e => BindConditionExpr(e, binary.Operator)).ToList(),
            BinaryOp.Concat => chain.Operands.Select(e => Bind(e, null)).ToList(),
            _ => BindArithmetic(chain, IsComparison(op) ? null : expected),
        };
        if (operands.Any(o => o is null))
        {
            return null;
        }

        var bound = operands.Select(o => o!).ToList();
        return op == BinaryOp.Concat ? CombineConcat(chain, bound) : CombineSameWidth(chain, bound);
    }

    // Walks down the left spine while the operators stay on one precedence level: iterative, whatever the length.
    private static Chain ChainOf(BinaryExpr last)
    {
        var level = LevelOf(last.Operator);
        var operands = new List<Expr>();
        var operators = new List<BinaryExpr>();
        Expr current = last;
        while (current is BinaryExpr node && LevelOf(node.Operator) == level)
        {
            operands.Add(node.Right);
            operators.Add(node);
            current = node.Left;
        }

        operands.Add(current);
        operands.Reverse();
        operators.Reverse();
        return new Chain([.. operands], [.. operators]);
    }

    private static int LevelOf(string op) => BinaryOps[op] switch
    {
        BinaryOp.Add or BinaryOp.Subtract => 0,
        var other when IsComparison(other) => 1,
        BinaryOp.ShiftLeft or BinaryOp.ShiftRightLogical or BinaryOp.ShiftRightArithmetic => 2,
        var other => 3 + (int)other,
    };

    // As for one operator: the first pair binds its sized side first, so a plain number takes the other's
    // width; each later operand takes the width of what stands to its left.
    private List<BoundExpr?> BindArithmetic(Chain chain, int? hint)
    {
        var (first, second) = BindPair(chain.Operands[0], chain.Operands[1], hint);
        var operands = new List<BoundExpr?> { first, second };
        var comparison = IsComparison(BinaryOps[chain.Operators[0].Operator]);
        for (var k = 2; k < chain.Operands.Length; k++)
        {
            int? leftWidth = first is null ? null : comparison ? 1 : first.Width;
            operands.Add(Bind(chain.Operands[k], leftWidth ?? hint));
        }

        return operands;
    }

    private BoundExpr? CombineConcat(Chain chain, List<BoundExpr> operands)
    {
        var width = operands[0].Width;
        for (var k = 1; k < operands.Count; k++)
        {
            width += operands[k].Width;
            if (width > 64)
            {
                Error(chain.Operators[k - 1].Position, $"'++' would make a {width}-bit value: at most 64 bits are supported");
                return null;
            }
        }

        return BuildChain(BinaryOp.Concat, operands);
    }

    private BoundExpr? CombineSameWidth(Chain chain, List<BoundExpr> operands)
    {
        var left = operands[0];
        for (var k = 1; k < operands.Count; k++)
        {
            var op = BinaryOps[chain.Operators[k - 1].Operator];
            if (left.Width != operands[k].Width)
            {
                Error(chain.Operators[k - 1].Position, $"width mismatch: '{chain.Operators[k - 1].Operator}' has a {left.Width}-bit left operand and a {operands[k].Width}-bit right operand");
                return null;
            }

            left = IsComparison(op) ? new BinaryBound(op, left, operands[k], 1) : left;
        }

        return IsComparison(BinaryOps[chain.Operators[0].Operator]) ? left : BuildArithmetic(chain, operands);
    }

    // a - b + c is a + (-b) + c: the same value in modular arithmetic, and a chain of one associative operator.
    private static BoundExpr BuildArithmetic(Chain chain, List<BoundExpr> operands)
    {
        var ops = chain.Operators.Select(o => BinaryOps[o.Operator]).ToList();
        if (operands.Count <= Nesting.BalanceChainsLongerThan || ops.Any(IsShift))
        {
            var left = operands[0];
            for (var k = 1; k < operands.Count; k++)
            {
                left = new BinaryBound(ops[k - 1], left, operands[k], left.Width);
            }

            return left;
        }

        if (ops.Contains(BinaryOp.Subtract))
        {
            var terms = operands.Select((o, k) => k > 0 && ops[k - 1] == BinaryOp.Subtract ? new UnaryBound(UnaryOp.Negate, o) : o).ToList();
            return BuildChain(BinaryOp.Add, terms);
        }

        return BuildChain(ops[0], operands);
    }

    private static bool IsShift(BinaryOp op) => op is BinaryOp.ShiftLeft or BinaryOp.ShiftRightLogical or BinaryOp.ShiftRightArithmetic;

    /// <summary>Joins the operands of one associative operator: left-deep when short, balanced when long.</summary>
    private static BoundExpr BuildChain(BinaryOp op, IReadOnlyList<BoundExpr> operands)
    {
        if (operands.Count <= Nesting.BalanceChainsLongerThan)
        {
            var left = operands[0];
            for (var k = 1; k < operands.Count; k++)
            {
                left = Join(op, left, operands[k]);
            }

            return left;
        }

        // Pairs neighbours round by round: log2(n) rounds, no recursion.
        var layer = operands.ToList();
        while (layer.Count > 1)
        {
            var next = new List<BoundExpr>((layer.Count + 1) / 2);
            for (var k = 0; k + 1 < layer.Count; k += 2)
            {
                next.Add(Join(op, layer[k], layer[k + 1]));
            }

            if (layer.Count % 2 == 1)
            {
                next.Add(layer[^1]);
            }

            layer = next;
        }

        return layer[0];
    }

    private static BinaryBound Join(BinaryOp op, BoundExpr left, BoundExpr right) =>
        new(op, left, right, op switch
        {
            BinaryOp.Concat => left.Width + right.Width,
            BinaryOp.LogicalAnd or BinaryOp.LogicalOr => 1,
            _ => left.Width,
        });
}
