using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Semantics;

// The bound tree: names resolved to indices, every node with its bit width. It is the one semantics
// that the symbolic executor, the concrete compiler and any future interpretation walk.

public enum UnaryOp
{
    Not,
    Negate,
}

public enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    And,
    Or,
    Xor,
    ShiftLeft,
    ShiftRightLogical,
    ShiftRightArithmetic,
    Concat,
    Equal,
    NotEqual,
    UnsignedLess,
    UnsignedLessOrEqual,
    UnsignedGreater,
    UnsignedGreaterOrEqual,
    SignedLess,
    SignedLessOrEqual,
    SignedGreater,
    SignedGreaterOrEqual,
    LogicalAnd,
    LogicalOr,
}

public abstract record BoundExpr(int Width);

public sealed record ConstExpr(ulong Value, int Width) : BoundExpr(Width);

public sealed record RegisterRead(int Register, int Width) : BoundExpr(Width);

/// <summary>An immediate, a memory operand's address or an implicit operand such as next_pc.</summary>
public sealed record OperandRead(int Operand, int Width) : BoundExpr(Width);

/// <summary>The register that a register operand selects, out of its group.</summary>
public sealed record RegisterOperandRead(int Operand, ImmutableArray<int> Registers, int Width) : BoundExpr(Width);

public sealed record LocalRead(int Slot, int Width) : BoundExpr(Width);

public sealed record MemoryRead(BoundExpr Address, int Cells, int Width) : BoundExpr(Width);

public sealed record SliceExpr(BoundExpr Value, int High, int Low) : BoundExpr(High - Low + 1);

public sealed record UnaryBound(UnaryOp Op, BoundExpr Operand) : BoundExpr(Operand.Width);

public sealed record BinaryBound(BinaryOp Op, BoundExpr Left, BoundExpr Right, int Width) : BoundExpr(Width);

public sealed record ExtendExpr(BoundExpr Value, int Width, bool Signed) : BoundExpr(Width);

public sealed record IteExpr(BoundExpr Condition, BoundExpr Then, BoundExpr Else) : BoundExpr(Then.Width);

public abstract record BoundStmt;

public sealed record LetBound(int Slot, BoundExpr Value) : BoundStmt;

/// <summary>Writes bits High..Low of a register; the other bits keep their value.</summary>
public sealed record AssignRegister(int Register, int High, int Low, BoundExpr Value) : BoundStmt;

public sealed record AssignRegisterOperand(int Operand, ImmutableArray<int> Registers, int High, int Low, BoundExpr Value)
    : BoundStmt;

public sealed record MemoryWrite(BoundExpr Address, int Cells, BoundExpr Value) : BoundStmt;

public sealed record IfBound(BoundExpr Condition, ImmutableArray<BoundStmt> Then, ImmutableArray<BoundStmt> Else)
    : BoundStmt;

public sealed record TrapBound(int Kind) : BoundStmt;

/// <summary>A bound body: its statements and how many let-slots it needs.</summary>
public sealed record BoundBody(ImmutableArray<BoundStmt> Statements, int LocalCount);
