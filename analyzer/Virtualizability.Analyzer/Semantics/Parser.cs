using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>
/// Recursive-descent parser for bodies and expressions. On an error it records the position and what was
/// expected, then skips to the next statement so that later errors are still found.
/// </summary>
public sealed class Parser
{
    // Binary operators from loosest to tightest; each level is left-associative.
    private static readonly string[][] Levels =
    [
        ["||"],
        ["&&"],
        ["==", "!=", "<", "<=", ">", ">=", "<s", "<=s", ">s", ">=s"],
        ["++"],
        ["|"],
        ["^"],
        ["&"],
        ["<<", ">>", ">>s"],
        ["+", "-"],
        ["*"],
    ];

    private readonly IReadOnlyList<Token> _tokens;
    private readonly List<(TextPosition Position, string Message)> _errors;
    private int _index;

    private Parser(IReadOnlyList<Token> tokens, List<(TextPosition, string)> errors)
    {
        _tokens = tokens;
        _errors = errors;
    }

    public static ImmutableArray<Stmt> ParseBody(string text, List<(TextPosition Position, string Message)> errors)
    {
        var parser = new Parser(Lexer.Tokenize(text, errors), errors);
        var statements = ImmutableArray.CreateBuilder<Stmt>();
        while (parser.Current.Kind != TokenKind.End)
        {
            var before = parser._index;
            if (parser.ParseStatement() is { } statement)
            {
                statements.Add(statement);
            }

            if (parser._index == before)
            {
                parser._index++;
            }
        }

        return statements.ToImmutable();
    }

    public static Expr? ParseExpression(string text, List<(TextPosition Position, string Message)> errors)
    {
        var parser = new Parser(Lexer.Tokenize(text, errors), errors);
        var errorCount = errors.Count;
        var expr = parser.ParseExpr();
        if (errors.Count == errorCount && parser.Current.Kind != TokenKind.End)
        {
            parser.Error($"expected an operator or the end of the expression, found {parser.Current.Describe()}");
        }

        return errors.Count == errorCount ? expr : null;
    }

    private Token Current => _tokens[Math.Min(_index, _tokens.Count - 1)];

    private Token Take() => _tokens[Math.Min(_index++, _tokens.Count - 1)];

    private void Error(string message) => _errors.Add((Current.Position, message));

    private bool TryTake(string op)
    {
        if (Current.IsOperator(op) || Current.IsKeyword(op))
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool Expect(string op, string context)
    {
        if (TryTake(op))
        {
            return true;
        }

        Error($"expected '{op}' {context}, found {Current.Describe()}");
        return false;
    }

    private Stmt? ParseStatement()
    {
        var start = Current;
        var errorCount = _errors.Count;
        Stmt? statement = start switch
        {
            _ when start.IsKeyword("let") => ParseLet(),
            _ when start.IsKeyword("if") => ParseIf(),
            _ when start.IsKeyword("trap") => ParseTrap(),
            _ => ParseAssignment(),
        };
        if (_errors.Count != errorCount)
        {
            Recover();
            return null;
        }

        return statement;
    }

    // Skip to just after the next ';' or to a '}' so one bad statement does not hide the next.
    private void Recover()
    {
        while (Current.Kind != TokenKind.End && !Current.IsOperator(";") && !Current.IsOperator("}"))
        {
            _index++;
        }

        TryTake(";");
    }

    private Stmt? ParseLet()
    {
        var position = Take().Position;
        if (Current.Kind != TokenKind.Identifier)
        {
            Error($"expected a name after 'let', found {Current.Describe()}");
            return null;
        }

        var name = Take().Text;
        if (!Expect("=", $"after 'let {name}'"))
        {
            return null;
        }

        var value = ParseExpr();
        return value is not null && Expect(";", "after the value of 'let'") ? new LetStmt(name, value, position) : null;
    }

    private Stmt? ParseIf()
    {
        var position = Take().Position;
        var condition = ParseExpr();
        if (condition is null)
        {
            return null;
        }

        var then = ParseBlock();
        if (then is null)
        {
            return null;
        }

        var otherwise = ImmutableArray<Stmt>.Empty;
        if (TryTake("else"))
        {
            if (Current.IsKeyword("if"))
            {
                var nested = ParseIf();
                if (nested is null)
                {
                    return null;
                }

                otherwise = [nested];
            }
            else
            {
                var block = ParseBlock();
                if (block is null)
                {
                    return null;
                }

                otherwise = block.Value;
            }
        }

        return new IfStmt(condition, then.Value, otherwise, position);
    }

    private ImmutableArray<Stmt>? ParseBlock()
    {
        if (!Expect("{", "to open a block"))
        {
            return null;
        }

        var statements = ImmutableArray.CreateBuilder<Stmt>();
        while (!Current.IsOperator("}"))
        {
            if (Current.Kind == TokenKind.End)
            {
                Error("expected '}' to close the block, found end of text");
                return null;
            }

            var before = _index;
            if (ParseStatement() is { } statement)
            {
                statements.Add(statement);
            }

            if (_index == before)
            {
                _index++;
            }
        }

        _index++;
        return statements.ToImmutable();
    }

    private Stmt? ParseTrap()
    {
        var position = Take().Position;
        if (Current.Kind != TokenKind.Identifier)
        {
            Error($"expected a trap kind after 'trap', found {Current.Describe()}");
            return null;
        }

        var kind = Take();
        return Expect(";", $"after 'trap {kind.Text}'") ? new TrapStmt(kind.Text, kind.Position) : null;
    }

    private Stmt? ParseAssignment()
    {
        var startToken = Current;
        if (startToken.Kind != TokenKind.Identifier)
        {
            Error($"expected a statement (let, if, trap or an assignment), found {startToken.Describe()}");
            return null;
        }

        var target = ParsePostfix();
        if (target is null)
        {
            return null;
        }

        var position = Current.Position;
        if (!Expect(":=", "in an assignment"))
        {
            return null;
        }

        var value = ParseExpr();
        return value is not null && Expect(";", "after the assigned value") ? new AssignStmt(target, value, position) : null;
    }

    private Expr? ParseExpr()
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

    private Expr? ParseBinary(int level)
    {
        if (level == Levels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (left is not null && Current.Kind == TokenKind.Operator && Levels[level].Contains(Current.Text))
        {
            var op = Take();
            var right = ParseBinary(level + 1);
            left = right is null ? null : new BinaryExpr(op.Text, left, right, op.Position);
        }

        return left;
    }

    private Expr? ParseUnary()
    {
        if (Current.Kind == TokenKind.Operator && Current.Text is "!" or "~" or "-")
        {
            var op = Take();
            var operand = ParseUnary();
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
