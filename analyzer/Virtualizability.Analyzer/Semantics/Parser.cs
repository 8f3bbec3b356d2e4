using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>
/// Recursive-descent parser for bodies and expressions. On an error it records the position and what was
/// expected, then skips to the next statement so that later errors are still found. Nesting is bounded by
/// <see cref="Nesting.MaxDepth"/>; a chain of operators of one level is read in a loop, not by recursion.
/// </summary>
public sealed partial class Parser
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

    // Levels whose chains nest one level per operator in every later stage; the others are associative
    // (with '-' read as adding a negation) and the binder balances their long chains.
    private static readonly bool[] NestsPerOperator = [false, false, true, false, false, false, false, true, false, false];

    private readonly IReadOnlyList<Token> _tokens;
    private readonly List<(TextPosition Position, string Message)> _errors;
    private int _index;
    private int _depth;
    private int _blockDepth;

    // Set once the nesting limit is hit: the rest of the text is skipped, since the closing brackets and
    // braces that follow would only be reported again as strays.
    private bool _abandoned;

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

    private void Error(string message)
    {
        if (!_abandoned)
        {
            _errors.Add((Current.Position, message));
        }
    }

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
        if (_abandoned)
        {
            _index = _tokens.Count - 1;
            return;
        }

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
        // Blocks have a count of their own, so that the error names what is nested too deep.
        if (_blockDepth >= Nesting.MaxDepth)
        {
            Error($"'if' blocks nested deeper than {Nesting.MaxDepth} levels: flatten the conditions with &&");
            _abandoned = true;
            return null;
        }

        _blockDepth++;
        var statement = ParseIfBody();
        _blockDepth--;
        return statement;
    }

    /// <summary>Counts one level of nesting; false (with the error) when it goes past the limit.</summary>
    private bool Enter(string what)
    {
        if (_depth >= Nesting.MaxDepth)
        {
            Error($"{what} nested deeper than {Nesting.MaxDepth} levels: split it with let names or flatten the conditions");
            _abandoned = true;
            return false;
        }

        _depth++;
        return true;
    }

    private Stmt? ParseIfBody()
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
}
