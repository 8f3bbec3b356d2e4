using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Semantics;

/// <summary>
/// No input overflows the stack: nesting past <see cref="Nesting.MaxDepth"/> is a located error at the first
/// level too deep, and long chains of one operator are read and bound without recursion per operand.
/// </summary>
public sealed class NestingTests
{
    private const int Limit = Nesting.MaxDepth;

    private static readonly IsaSpec Tiny = SpecLoader.Load(Path.Combine(Repo.TestData, "valid-tiny.yaml"));

    public static TheoryData<string, string, int, string> TooDeep() => new()
    {
        // The column of the first part at level Limit + 1, where the assigned value is level 1: a conditional's
        // then-branch is one level deeper than the conditional, and so is the right operand of a shift.
        { "parentheses", "x := " + new string('(', 100_000) + "a" + new string(')', 100_000) + ";", 6 + Limit, "expression nested deeper than 500 levels" },
        { "unary operators", "x := " + new string('~', 100_000) + "a;", 5 + Limit, "expression nested deeper than 500 levels" },
        { "conditionals", "x := " + string.Concat(Enumerable.Repeat("c ? a : ", 100_000)) + "a;", 6 + (8 * (Limit - 1)) + 4, "expression nested deeper than 500 levels" },
        { "a shift chain", "x := a" + string.Concat(Enumerable.Repeat(" << b", 100_000)) + ";", 8 + (5 * (Limit - 1)), "expression nested deeper than 500 levels" },
        { "slices", "x := " + string.Concat(Enumerable.Repeat("m[", 100_000)) + "a" + new string(']', 100_000) + ";", 6 + (2 * Limit), "expression nested deeper than 500 levels" },
        { "if blocks", string.Concat(Enumerable.Repeat("if c { ", 100_000)) + "x := a;" + new string('}', 100_000), 1 + (7 * Limit), "'if' blocks nested deeper than 500 levels" },
        { "else-if chains", "if c { x := a; }" + string.Concat(Enumerable.Repeat(" else if c { x := a; }", 100_000)), 23 + (22 * (Limit - 1)), "'if' blocks nested deeper than 500 levels" },
    };

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void NestingPastTheLimitIsOneLocatedError(string what, string body, int column, string message)
    {
        var errors = new List<(TextPosition Position, string Message)>();

        Parser.ParseBody(body, errors);

        var error = Assert.Single(errors);
        Assert.True(error.Position == new TextPosition(1, column), $"{what}: {error}");
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestingUpToTheLimitParses()
    {
        var errors = new List<(TextPosition Position, string Message)>();

        Parser.ParseBody("x := " + new string('(', Limit - 1) + "a" + new string(')', Limit - 1) + ";", errors);
        Parser.ParseBody(string.Concat(Enumerable.Repeat("if c { ", Limit)) + "x := a;" + new string('}', Limit), errors);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("+", "Add")]
    [InlineData("-", "Add")]
    [InlineData("&", "And")]
    [InlineData("^", "Xor")]
    public void ALongChainIsBoundAsABalancedTree(string op, string joined)
    {
        const int terms = 20_000;
        var body = "A := " + string.Join($" {op} ", Enumerable.Repeat("B", terms)) + ";";
        var diagnostics = new DiagnosticBag();

        var bound = Binder.BindBody(body, Scope(), new PlainSourceMap("body"), diagnostics);

        Assert.Empty(diagnostics.Items);
        var value = Assert.IsType<AssignRegister>(Assert.Single(bound!.Statements)).Value;
        var (depth, leaves) = Measure(value);
        Assert.Equal(terms, leaves);
        Assert.InRange(depth, 15, 17);
        Assert.Equal(joined, Assert.IsType<BinaryBound>(value).Op.ToString());
    }

    [Fact]
    public void ALongLogicalChainIsBoundAsABalancedTree()
    {
        var body = "FLAGS.Z := " + string.Join(" && ", Enumerable.Repeat("A == B", 20_000)) + ";";
        var diagnostics = new DiagnosticBag();

        var bound = Binder.BindBody(body, Scope(), new PlainSourceMap("body"), diagnostics);

        Assert.Empty(diagnostics.Items);
        var (depth, leaves) = Measure(Assert.IsType<AssignRegister>(Assert.Single(bound!.Statements)).Value);
        Assert.Equal(40_000, leaves);
        Assert.InRange(depth, 16, 18);
    }

    [Fact]
    public void AWidthMismatchDeepInALongChainIsAtItsOperator()
    {
        var body = "A := " + string.Join(" + ", Enumerable.Repeat("B", 999)) + " + M;";
        var diagnostics = new DiagnosticBag();

        Binder.BindBody(body, Scope(), new PlainSourceMap("body"), diagnostics);

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal((1, 6 + (4 * 999) - 2), (error.Location.Line, error.Location.Column));
        Assert.StartsWith("width mismatch: '+' has a 16-bit left operand and a 1-bit right operand", error.Message, StringComparison.Ordinal);
    }

    private static BindingScope Scope() => new(Tiny.Registers, Tiny.Memory, Tiny.Traps, []);

    // Iterative, so that the measurement itself cannot overflow on a tree the binder got wrong.
    private static (int Depth, int Leaves) Measure(BoundExpr root)
    {
        var stack = new Stack<(BoundExpr Node, int Depth)>([(root, 1)]);
        var (deepest, leaves) = (0, 0);
        while (stack.TryPop(out var item))
        {
            deepest = Math.Max(deepest, item.Depth);
            switch (item.Node)
            {
                case BinaryBound b:
                    stack.Push((b.Left, item.Depth + 1));
                    stack.Push((b.Right, item.Depth + 1));
                    break;
                case UnaryBound u:
                    stack.Push((u.Operand, item.Depth + 1));
                    break;
                default:
                    leaves++;
                    break;
            }
        }

        return (deepest, leaves);
    }
}
