using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Concrete;

public sealed partial class ConcreteCompiler
{
    private Expression Value(BoundExpr expr) => expr switch
    {
        ConstExpr c => Expression.Constant(c.Value),
        RegisterRead r => Expression.ArrayIndex(_registers, Expression.Constant(r.Register)),
        OperandRead o => OperandIndex(o.Operand),
        RegisterOperandRead r => Expression.Call(
            Method(typeof(ConcreteRuntime), nameof(ConcreteRuntime.ReadRegisterOperand)),
            _registers, Expression.Constant(r.Registers.ToArray()), OperandIndex(r.Operand)),
        LocalRead l => _locals[l.Slot],
        MemoryRead m => Expression.Call(_memory, Method(typeof(MemoryTransaction), nameof(MemoryTransaction.Read)), Value(m.Address), Expression.Constant(m.Cells)),
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
        Expression.Call(Method(typeof(BitOps), method), arguments);

    /// <summary>
    /// A method the compiled code calls, looked up once per use here rather than by Expression.Call's name
    /// overloads, which a trimmed native build cannot see through: the annotation keeps the type's methods.
    /// </summary>
    private static MethodInfo Method([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{type.Name} has no method {name}");

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
        Expression Signed(Expression e) => Call(nameof(BitOps.ToSigned), e, Expression.Constant(width));
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
