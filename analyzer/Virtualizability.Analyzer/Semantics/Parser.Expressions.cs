using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

public sealed partial class Parser
{
    private Expr? ParseExpr()
    {
        if (!Enter("expression"))
        {
            return null;
        }

        var expr = ParseConditional();
        _depth--;
        return expr;
    }

    private Expr? ParseConditional()
    {
        var condition = ParseBinary(0);
        if (condition is null || !Current.IsOperator("?"))
        {
            return condition;
        }

        var position = Take().Position;
        var then = ParseExpr();
        if (then is null || !Expect(":", "between the branches of '?'"))
        {
            return null;
        }

        var otherwise = ParseExpr();
        return otherwise is null ? null : new ConditionalExpr(condition, then, otherwise, position);
    }

    // Precedence climbing: the operands of a chain are read in this loop, and the recursion for a right
    // operand goes at most one level per precedence level deeper, however long the chain.
    private Expr? ParseBinary(int lowestLevel)
    {
        var left = ParseUnary();
        var depth = _depth;
        while (left is not null && LevelOf(Current) is { } level && level >= lowestLevel)
        {
            if (NestsPerOperator[level] && !Enter("expression"))
            {
                _depth = depth;
                return null;
            }

            var op = Take();
            var right = ParseBinary(level + 1);
            left = right is null ? null : new BinaryExpr(op.Text, left, right, op.Position);
        }

        _depth = depth;
        return left;
    }

    private static int? LevelOf(Token token)
    {
        if (token.Kind != TokenKind.Operator)
        {
            return null;
        }

        var level = Array.FindIndex(Levels, l => l.Contains(token.Text));
        return level < 0 ? null : level;
    }

    private Expr? ParseUnary()
    {
        if (Current.Kind == TokenKind.Operator && Current.Text is "!" or "~" or "-")
        {
            if (!Enter("expression"))
            {
                return null;
            }

            var op = Take();
            var operand = ParseUnary();
            _depth--;
            return operand is null ? null : new UnaryExpr(op.Text, operand, op.Position);
        }

        return ParsePostfix();
    }

    private Expr? ParsePostfix()
    {
        var expr = ParsePrimary();
        while (expr is not null)
        {
            if (Current.IsOperator("."))
            {
                var dot = Take();
                if (Current.Kind != TokenKind.Identifier)
                {
                    Error($"expected a field name after '.', found {Current.Describe()}");
                    return null;
                }

                expr = new FieldExpr(expr, Take().Text, dot.Position);
            }
            else if (Current.IsOperator("["))
            {
                expr = ParseIndex(expr);
            }
            else
            {
                break;
            }
        }

        return expr;
    }

    private Expr? ParseIndex(Expr target)
    {
        var position = Take().Position;
        var first = ParseExpr();
        if (first is null)
        {
            return null;
        }

        Expr? second = null;
        if (TryTake(":"))
        {
            second = ParseExpr();
            if (second is null)
            {
                return null;
            }
        }

        return Expect("]", "to close '['") ? new IndexExpr(target, first, second, position) : null;
    }

    private Expr? ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                return new NumberExpr(token.Value, token.Width, token.Position);
            case TokenKind.Keyword when token.Text is "true" or "false":
                _index++;
                return new NumberExpr(token.Text == "true" ? 1UL : 0UL, 1, token.Position);
            case TokenKind.Identifier:
                _index++;
                return Current.IsOperator("(") ? ParseCall(token) : new NameExpr(token.Text, token.Position);
            case TokenKind.Operator when token.Text == "(":
                _index++;
                var inner = ParseExpr();
                return inner is not null && Expect(")", "to close '('") ? inner : null;
            default:
                Error($"expected an expression, found {token.Describe()}");
                return null;
        }
    }

    private Expr? ParseCall(Token name)
    {
        _index++;
        var arguments = ImmutableArray.CreateBuilder<Expr>();
        if (!Current.IsOperator(")"))
        {
            do
            {
                var argument = ParseExpr();
                if (argument is null)
                {
                    return null;
                }

                arguments.Add(argument);
            }
            while (TryTake(","));
        }

        return Expect(")", $"to close the arguments of '{name.Text}'")
            ? new CallExpr(name.Text, arguments.ToImmutable(), name.Position)
            : null;
    }
}
