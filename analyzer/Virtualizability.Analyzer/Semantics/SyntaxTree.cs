using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

// The syntax tree as written, with positions; names are resolved and widths checked by the Binder,
// which produces the bound tree that every interpretation walks.

public abstract record Expr(TextPosition Position);

public sealed record NumberExpr(ulong Value, int? Width, TextPosition Position) : Expr(Position);

public sealed record NameExpr(string Name, TextPosition Position) : Expr(Position);

public sealed record FieldExpr(Expr Target, string Field, TextPosition Position) : Expr(Position);

/// <summary><c>X[a]</c> or <c>X[hi:lo]</c>: a memory access or a bit slice, decided by what X names.</summary>
public sealed record IndexExpr(Expr Target, Expr First, Expr? Second, TextPosition Position) : Expr(Position);

public sealed record UnaryExpr(string Operator, Expr Operand, TextPosition Position) : Expr(Position);

public sealed record BinaryExpr(string Operator, Expr Left, Expr Right, TextPosition Position) : Expr(Position);

public sealed record CallExpr(string Function, ImmutableArray<Expr> Arguments, TextPosition Position)
    : Expr(Position);

public sealed record ConditionalExpr(Expr Condition, Expr Then, Expr Else, TextPosition Position)
    : Expr(Position);

public abstract record Stmt(TextPosition Position);

public sealed record LetStmt(string Name, Expr Value, TextPosition Position) : Stmt(Position);

public sealed record AssignStmt(Expr Target, Expr Value, TextPosition Position) : Stmt(Position);

public sealed record IfStmt(Expr Condition, ImmutableArray<Stmt> Then, ImmutableArray<Stmt> Else, TextPosition Position)
    : Stmt(Position);

public sealed record TrapStmt(string Kind, TextPosition Position) : Stmt(Position);
