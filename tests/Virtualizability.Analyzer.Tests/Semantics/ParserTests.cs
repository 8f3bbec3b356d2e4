using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Tests.Semantics;

/// <summary>
/// The lexer and parser from tables: each expression is printed fully parenthesized, so a precedence or
/// associativity slip shows as a different string; each error names its exact line and column.
/// </summary>
public sealed class ParserTests
{
    [Theory]
    // Binary levels of the README table, loosest to tightest, each against its neighbours.
    [InlineData("a + b << c", "((a + b) << c)")]
    [InlineData("a << b + c", "(a << (b + c))")]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a * b - c", "((a * b) - c)")]
    [InlineData("a & b << c", "(a & (b << c))")]
    [InlineData("a ^ b & c", "(a ^ (b & c))")]
    [InlineData("a & b ^ c", "((a & b) ^ c)")]
    [InlineData("a | b ^ c", "(a | (b ^ c))")]
    [InlineData("a ^ b | c", "((a ^ b) | c)")]
    [InlineData("a ++ b | c", "(a ++ (b | c))")]
    [InlineData("a == b ++ c", "(a == (b ++ c))")]
    [InlineData("a == b && c != d", "((a == b) && (c != d))")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a && b || c", "((a && b) || c)")]
    // Left associativity within a level.
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a << b >> c", "((a << b) >> c)")]
    [InlineData("a ++ b ++ c", "((a ++ b) ++ c)")]
    // The conditional is loosest and nests to the right.
    [InlineData("c || d ? a : b + e", "((c || d) ? a : (b + e))")]
    [InlineData("c ? a : d ? e : f", "(c ? a : (d ? e : f))")]
    // Unary operators bind tighter than '*', postfix slices and fields tighter still.
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("~a & b", "((~a) & b)")]
    [InlineData("!a && b", "((!a) && b)")]
    [InlineData("~a[3:0]", "(~a[3:0])")]
    [InlineData("-R.F + b", "((-R.F) + b)")]
    [InlineData("(a + b) << c", "((a + b) << c)")]
    [InlineData("mem32[a + 4]", "mem32[(a + 4)]")]
    [InlineData("zext(a, 32) + sext(b[7:0], 32)", "(zext(a, 32) + sext(b[7:0], 32))")]
    // '<s' is the signed comparison only when the 's' does not start a name.
    [InlineData("a <s b", "(a <s b)")]
    [InlineData("a<s b", "(a <s b)")]
    [InlineData("a <size", "(a < size)")]
    [InlineData("a <=s b", "(a <=s b)")]
    [InlineData("a<=s_b", "(a <= s_b)")]
    [InlineData("a >s b", "(a >s b)")]
    [InlineData("a >s1", "(a > s1)")]
    [InlineData("a >=s(b)", "(a >=s b)")]
    [InlineData("a >=sign", "(a >= sign)")]
    [InlineData("a >>s b", "(a >>s b)")]
    [InlineData("a>>shift", "(a >> shift)")]
    public void PrecedenceAndAssociativity(string text, string expected)
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var expr = Parser.ParseExpression(text, errors);

        Assert.Empty(errors);
        Assert.Equal(expected, Print(expr!));
    }

    [Theory]
    [InlineData("8'hFF", 0xFFUL, 8)]
    [InlineData("1'b1", 1UL, 1)]
    [InlineData("1'b0", 0UL, 1)]
    [InlineData("32'd0", 0UL, 32)]
    [InlineData("32'h0000_3200", 0x3200UL, 32)]
    [InlineData("16'b1010_0000_0000_0001", 0xA001UL, 16)]
    [InlineData("64'hFFFF_FFFF_FFFF_FFFF", ulong.MaxValue, 64)]
    [InlineData("12'd4095", 4095UL, 12)]
    [InlineData("true", 1UL, 1)]
    [InlineData("false", 0UL, 1)]
    public void SizedLiterals(string text, ulong value, int width)
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var expr = Parser.ParseExpression(text, errors);

        Assert.Empty(errors);
        Assert.Equal(new NumberExpr(value, width, new TextPosition(1, 1)), expr);
    }

    [Theory]
    [InlineData("42", 42UL)]
    [InlineData("0x2A", 42UL)]
    [InlineData("0b101010", 42UL)]
    [InlineData("1_000", 1000UL)]
    [InlineData("0xFFFF_FFFF_FFFF_FFFF", ulong.MaxValue)]
    public void PlainNumbersHaveNoWidth(string text, ulong value)
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var expr = Parser.ParseExpression(text, errors);

        Assert.Empty(errors);
        Assert.Equal(new NumberExpr(value, null, new TextPosition(1, 1)), expr);
    }

    [Theory]
    [InlineData("x := 8'h1FF;", 1, 6, "number '8'h1FF' does not fit in 8 bits")]
    [InlineData("x := 1'b2;", 1, 6, "malformed sized number '1'b2'")]
    [InlineData("x := 65'd0;", 1, 6, "malformed sized number '65'd0'")]
    [InlineData("x := 0'd0;", 1, 6, "malformed sized number '0'd0'")]
    [InlineData("x := 8'q1;", 1, 6, "malformed sized number '8'q1'")]
    [InlineData("x := 8'h;", 1, 6, "malformed sized number '8'h'")]
    [InlineData("x := 0xZZ;", 1, 6, "malformed number '0xZZ'")]
    [InlineData("x := 99999999999999999999;", 1, 6, "malformed number '99999999999999999999'")]
    [InlineData("x := a $;", 1, 8, "unexpected character '$'")]
    [InlineData("x := a + ;", 1, 10, "expected an expression, found ';'")]
    [InlineData("x := 1;\n  y := (a + b;", 2, 14, "expected ')' to close '(', found ';'")]
    [InlineData("let = 3;", 1, 5, "expected a name after 'let', found '='")]
    [InlineData("let v 3;", 1, 7, "expected '=' after 'let v', found number '3'")]
    [InlineData("let v = 3", 1, 10, "expected ';' after the value of 'let', found end of text")]
    [InlineData("trap ;", 1, 6, "expected a trap kind after 'trap', found ';'")]
    [InlineData("trap privilege", 1, 15, "expected ';' after 'trap privilege', found end of text")]
    [InlineData("x = 1;", 1, 3, "expected ':=' in an assignment, found '='")]
    [InlineData("42 := x;", 1, 1, "expected a statement (let, if, trap or an assignment), found number '42'")]
    [InlineData("if c x := 1;", 1, 6, "expected '{' to open a block, found name 'x'")]
    [InlineData("if c {\n  x := 1;\n", 2, 10, "expected '}' to close the block, found end of text")]
    [InlineData("x := a[3:0;", 1, 11, "expected ']' to close '[', found ';'")]
    [InlineData("x := R.3;", 1, 8, "expected a field name after '.', found number '3'")]
    [InlineData("x := zext(a 8);", 1, 13, "expected ')' to close the arguments of 'zext', found number '8'")]
    [InlineData("x := c ? a b;", 1, 12, "expected ':' between the branches of '?', found name 'b'")]
    [InlineData("# comment\n\tx := a +\n\t\t;", 3, 3, "expected an expression, found ';'")]
    public void ErrorsAreLocated(string body, int line, int column, string message)
    {
        var errors = new List<(TextPosition Position, string Message)>();

        Parser.ParseBody(body, errors);

        Assert.Equal([(new TextPosition(line, column), message)], errors.Select(e => (e.Position, Prefix(e.Message, message))));
    }

    [Fact]
    public void OneBadStatementDoesNotHideTheNext()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var statements = Parser.ParseBody("x := ;\ny := 1;\nz := );", errors);

        Assert.Equal([new TextPosition(1, 6), new TextPosition(3, 6)], errors.Select(e => e.Position));
        Assert.Equal("y", Assert.IsType<NameExpr>(Assert.IsType<AssignStmt>(Assert.Single(statements)).Target).Name);
    }

    [Fact]
    public void TrailingTokensAfterAnExpressionAreAnError()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var expr = Parser.ParseExpression("CPL == 0 CPL", errors);

        Assert.Null(expr);
        Assert.Equal([(new TextPosition(1, 10), "expected an operator or the end of the expression, found name 'CPL'")], errors);
    }

    [Fact]
    public void CommentsRunToTheEndOfTheLine()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var statements = Parser.ParseBody("x := 1; # y := ;\n# z := (\nw := 2;", errors);

        Assert.Empty(errors);
        Assert.Equal(["x", "w"], statements.Cast<AssignStmt>().Select(s => ((NameExpr)s.Target).Name));
    }

    [Fact]
    public void StatementsKeepTheirShapeAndPositions()
    {
        var errors = new List<(TextPosition Position, string Message)>();
        const string body = "let v = mem32[ESP];\nif CPL == 0 { EFLAGS.IF := v[9]; }\nelse if CPL <= EFLAGS.IOPL { trap GP; }\nelse { R[7:0] := 8'd1; }";

        var statements = Parser.ParseBody(body, errors);

        Assert.Empty(errors);
        Assert.Equal(2, statements.Length);
        var let = Assert.IsType<LetStmt>(statements[0]);
        Assert.Equal(("v", "mem32[ESP]", new TextPosition(1, 1)), (let.Name, Print(let.Value), let.Position));
        var branch = Assert.IsType<IfStmt>(statements[1]);
        Assert.Equal("(CPL == 0)", Print(branch.Condition));
        var assign = Assert.IsType<AssignStmt>(Assert.Single(branch.Then));
        Assert.Equal(("EFLAGS.IF", "v[9]", new TextPosition(2, 25)), (Print(assign.Target), Print(assign.Value), assign.Position));
        var nested = Assert.IsType<IfStmt>(Assert.Single(branch.Else));
        Assert.Equal("(CPL <= EFLAGS.IOPL)", Print(nested.Condition));
        var trap = Assert.IsType<TrapStmt>(Assert.Single(nested.Then));
        Assert.Equal(("GP", new TextPosition(3, 35)), (trap.Kind, trap.Position));
        var last = Assert.IsType<AssignStmt>(Assert.Single(nested.Else));
        Assert.Equal(("R[7:0]", "8'd1"), (Print(last.Target), Print(last.Value)));
    }

    [Fact]
    public void OperatorPositionsPointAtTheOperator()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        var sum = Assert.IsType<BinaryExpr>(Parser.ParseExpression("a +\n  b", errors));

        Assert.Empty(errors);
        Assert.Equal((new TextPosition(1, 3), new TextPosition(2, 3)), (sum.Position, sum.Right.Position));
    }

    [Fact]
    public void ThereIsNoSignedLeftShift()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        // "<<s c" lexes as '<<' and the name 's', which leaves 'c' over.
        var expr = Parser.ParseExpression("b <<s c", errors);

        Assert.Null(expr);
        Assert.Equal([(new TextPosition(1, 7), "expected an operator or the end of the expression, found name 'c'")], errors);
    }

    private static string Prefix(string actual, string expected) =>
        actual.StartsWith(expected, StringComparison.Ordinal) ? expected : actual;

    private static string Print(Expr expr) => expr switch
    {
        NumberExpr { Width: { } w } n => $"{w}'d{n.Value}",
        NumberExpr n => n.Value.ToString(),
        NameExpr n => n.Name,
        FieldExpr f => $"{Print(f.Target)}.{f.Field}",
        IndexExpr { Second: null } i => $"{Print(i.Target)}[{Print(i.First)}]",
        IndexExpr i => $"{Print(i.Target)}[{Print(i.First)}:{Print(i.Second)}]",
        UnaryExpr u => $"({u.Operator}{Print(u.Operand)})",
        BinaryExpr b => $"({Print(b.Left)} {b.Operator} {Print(b.Right)})",
        CallExpr c => $"{c.Function}({string.Join(", ", c.Arguments.Select(Print))})",
        ConditionalExpr c => $"({Print(c.Condition)} ? {Print(c.Then)} : {Print(c.Else)})",
        _ => throw new ArgumentException($"unknown expression {expr.GetType().Name}"),
    };
}
