using System.Collections.Immutable;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>
/// Resolves names and checks widths, turning the syntax tree into the bound tree. Every error is reported
/// at its own column; binding goes on so that one spec load shows all of them.
/// </summary>
public sealed partial class Binder
{
    private readonly BindingScope _scope;
    private readonly ISourceMap _map;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Dictionary<string, LocalRead>> _locals = [new()];
    private int _slotCount;

    private Binder(BindingScope scope, ISourceMap map, DiagnosticBag diagnostics)
    {
        _scope = scope;
        _map = map;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses and binds an instruction body; null when it has errors (they are in the bag).</summary>
    public static BoundBody? BindBody(string text, BindingScope scope, ISourceMap map, DiagnosticBag diagnostics)
    {
        var errors = new List<(TextPosition Position, string Message)>();
        var statements = Parser.ParseBody(text, errors);
        foreach (var (position, message) in errors)
        {
            diagnostics.Add(map.Locate(position), message);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        if (statements.IsEmpty)
        {
            diagnostics.Add(map.Locate(new TextPosition(1, 1)), "the body is empty: expected at least one statement");
            return null;
        }

        var binder = new Binder(scope, map, diagnostics);
        var before = diagnostics.Items.Count;
        var bound = binder.BindBlock(statements);
        return diagnostics.Items.Count == before ? new BoundBody(bound, binder._slotCount) : null;
    }

    /// <summary>Parses and binds a 1-bit condition over the state (modes, invariants, Φ).</summary>
    public static BoundExpr? BindCondition(string text, BindingScope scope, ISourceMap map, DiagnosticBag diagnostics)
    {
        var errors = new List<(TextPosition Position, string Message)>();
        var expr = Parser.ParseExpression(text, errors);
        foreach (var (position, message) in errors)
        {
            diagnostics.Add(map.Locate(position), message);
        }

        if (expr is null)
        {
            return null;
        }

        var binder = new Binder(scope, map, diagnostics);
        var bound = binder.Bind(expr, 1);
        if (bound is not null && bound.Width != 1)
        {
            binder.Error(expr.Position, $"expected a condition (1 bit), found a {bound.Width}-bit value");
            return null;
        }

        return bound;
    }

    private void Error(TextPosition position, string message) => _diagnostics.Add(_map.Locate(position), message);

    private ImmutableArray<BoundStmt> BindBlock(ImmutableArray<Stmt> statements)
    {
        _locals.Add(new Dictionary<string, LocalRead>());
        var bound = ImmutableArray.CreateBuilder<BoundStmt>();
        foreach (var statement in statements)
        {
            if (BindStatement(statement) is { } b)
            {
                bound.Add(b);
            }
        }

        _locals.RemoveAt(_locals.Count - 1);
        return bound.ToImmutable();
    }

    private BoundStmt? BindStatement(Stmt statement) => statement switch
    {
        LetStmt let => BindLet(let),
        AssignStmt assign => BindAssign(assign),
        IfStmt ifStmt => BindIf(ifStmt),
        TrapStmt trap => BindTrap(trap),
        _ => throw new InvalidOperationException($"unknown statement {statement.GetType().Name}"),
    };

    private BoundStmt? BindLet(LetStmt let)
    {
        var value = Bind(let.Value, null);
        if (LookupLocal(let.Name) is not null || _scope.FindRegister(let.Name) is not null || _scope.FindOperand(let.Name) is not null)
        {
            Error(let.Position, $"'{let.Name}' is already defined: choose another name for this let");
            return null;
        }

        if (value is null)
        {
            // Declared all the same (as a placeholder), so that its uses are not reported as unknown too.
            _locals[^1][let.Name] = new LocalRead(_slotCount++, 1);
            return null;
        }

        var local = new LocalRead(_slotCount++, value.Width);
        _locals[^1][let.Name] = local;
        return new LetBound(local.Slot, value);
    }

    private BoundStmt? BindIf(IfStmt ifStmt)
    {
        var condition = BindConditionExpr(ifStmt.Condition, "if");
        var then = BindBlock(ifStmt.Then);
        var otherwise = BindBlock(ifStmt.Else);
        return condition is null ? null : new IfBound(condition, then, otherwise);
    }

    private BoundStmt? BindTrap(TrapStmt trap)
    {
        if (_scope.FindTrap(trap.Kind) is { } kind)
        {
            return new TrapBound(kind.Index);
        }

        var known = string.Join(", ", _scope.Traps.Select(t => t.Name));
        Error(trap.Position, $"unknown trap kind '{trap.Kind}': expected one of the kinds declared under traps ({known})");
        return null;
    }

    private BoundExpr? BindConditionExpr(Expr expr, string context)
    {
        var bound = Bind(expr, 1);
        if (bound is not null && bound.Width != 1)
        {
            Error(expr.Position, $"the condition of '{context}' must be 1 bit, found a {bound.Width}-bit value");
            return null;
        }

        return bound;
    }

    private LocalRead? LookupLocal(string name)
    {
        for (var i = _locals.Count - 1; i >= 0; i--)
        {
            if (_locals[i].TryGetValue(name, out var local))
            {
                return local;
            }
        }

        return null;
    }
}
