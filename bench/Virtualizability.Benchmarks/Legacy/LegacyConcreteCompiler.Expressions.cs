// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using System.Linq.Expressions;
using Virtualizability.Analyzer.Semantics;

using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

public sealed partial class ConcreteCompiler
{
    private Expression Value(BoundExpr expr) => expr switch
    {
        ConstExpr c => Expression.Constant(c.Value),
        RegisterRead r => Expression.ArrayIndex(_registers, Expression.Constant(r.Register)),
        OperandRead o => OperandIndex(o.Operand),
        RegisterOperandRead r => Expression.Call(
            typeof(ConcreteRuntime), nameof(ConcreteRuntime.ReadRegisterOperand), null,
            _registers, Expression.Constant(r.Registers.ToArray()), OperandIndex(r.Operand)),
        LocalRead l => _locals[l.Slot],
        MemoryRead m => Expression.Call(_memory, nameof(MemoryTransaction.Read), null, Value(m.Address), Expression.Constant(m.Cells)),
        SliceExpr s => Masked(Expression.RightShift(Value(s.Value), Expression.Constant(s.Low)), s.Width),
        UnaryBound { Op: UnaryOp.Not } u => Masked(Expression.Not(Value(u.Operand)), u.Width),
        UnaryBound u => Masked(Expression.Subtract(Expression.Constant(0UL), Value(u.Operand)), u.Width),
        BinaryBound b => Binary(b),
        ExtendExpr { Signed: true } e => Call(nameof(BitOps.SignExtend), Value(e.Value), Expression.Constant(e.Value.Width), Expression.Constant(e.Width)),
        ExtendExpr e => Value(e.Value),
        IteExpr i => Expression.Condition(IsTrue(Value(i.Condition)), Value(i.Then), Value(i.Else)),
        _ => throw new InvalidOperationException($"unknown expression {expr.GetType().Name}"),
    };

    private static Expression Masked(Expression value, int width) =>
        width >= 64 ? value : Expression.And(value, Expression.Constant(BitOps.Mask(width)));

    private static Expression Call(string method, params Expression[] arguments) =>
        Expression.Call(typeof(BitOps), method, null, arguments);

    private Expression Binary(BinaryBound b)
    {
        var left = Value(b.Left);
        var right = Value(b.Right);
        var width = Expression.Constant(b.Left.Width);
        return b.Op switch
        {
            BinaryOp.Add => Masked(Expression.Add(left, right), b.Width),
            BinaryOp.Subtract => Masked(Expression.Subtract(left, right), b.Width),
            BinaryOp.Multiply => Masked(Expression.Multiply(left, right), b.Width),
            BinaryOp.And or BinaryOp.LogicalAnd => Expression.And(left, right),
            BinaryOp.Or or BinaryOp.LogicalOr => Expression.Or(left, right),
            BinaryOp.Xor => Expression.ExclusiveOr(left, right),
            BinaryOp.ShiftLeft => Call(nameof(BitOps.ShiftLeft), left, right, width),
            BinaryOp.ShiftRightLogical => Call(nameof(BitOps.ShiftRightLogical), left, right, width),
            BinaryOp.ShiftRightArithmetic => Call(nameof(BitOps.ShiftRightArithmetic), left, right, width),
            BinaryOp.Concat => Expression.Or(Expression.LeftShift(left, Expression.Constant(b.Right.Width)), right),
            _ => FromBool(Compare(b.Op, left, right, b.Left.Width)),
        };
    }

    private static Expression Compare(BinaryOp op, Expression left, Expression right, int width)
    {
        Expression Signed(Expression e) => Expression.Call(typeof(BitOps), nameof(BitOps.ToSigned), null, e, Expression.Constant(width));
        return op switch
        {
            BinaryOp.Equal => Expression.Equal(left, right),
            BinaryOp.NotEqual => Expression.NotEqual(left, right),
            BinaryOp.UnsignedLess => Expression.LessThan(left, right),
            BinaryOp.UnsignedLessOrEqual => Expression.LessThanOrEqual(left, right),
            BinaryOp.UnsignedGreater => Expression.GreaterThan(left, right),
            BinaryOp.UnsignedGreaterOrEqual => Expression.GreaterThanOrEqual(left, right),
            BinaryOp.SignedLess => Expression.LessThan(Signed(left), Signed(right)),
            BinaryOp.SignedLessOrEqual => Expression.LessThanOrEqual(Signed(left), Signed(right)),
            BinaryOp.SignedGreater => Expression.GreaterThan(Signed(left), Signed(right)),
            BinaryOp.SignedGreaterOrEqual => Expression.GreaterThanOrEqual(Signed(left), Signed(right)),
            _ => throw new InvalidOperationException($"{op} is not a comparison"),
        };
    }

    private static Expression FromBool(Expression condition) =>
        Expression.Condition(condition, Expression.Constant(1UL), Expression.Constant(0UL));
}
