// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using System.Collections.Immutable;
using System.Linq.Expressions;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>
/// Runs a body over a working copy of the registers; returns the raised trap kind's index, or -1.
/// </summary>
public delegate int CompiledBody(ulong[] registers, ulong[] operands, MemoryTransaction memory);

/// <summary>
/// Compiles a bound body once into a delegate through System.Linq.Expressions, so the concrete machine
/// does not walk the tree on every step. Values stay masked to their width at every node.
/// </summary>
public sealed partial class ConcreteCompiler
{
    private static readonly LabelTarget Return = Expression.Label(typeof(int), "trap");

    private readonly ParameterExpression _registers = Expression.Parameter(typeof(ulong[]), "registers");
    private readonly ParameterExpression _operands = Expression.Parameter(typeof(ulong[]), "operands");
    private readonly ParameterExpression _memory = Expression.Parameter(typeof(MemoryTransaction), "memory");
    private readonly ParameterExpression[] _locals;
    private readonly object? _coverage;

    private ConcreteCompiler(int localCount, object? coverage = null)
    {
        _coverage = coverage;
        _locals = Enumerable.Range(0, localCount).Select(i => Expression.Variable(typeof(ulong), $"let{i}")).ToArray();
    }

    /// <summary>Compiles a body; with <paramref name="coverage"/>, every <c>if</c> counts which way it went.</summary>
    public static CompiledBody Compile(BoundBody body, object? coverage = null)
    {
        var compiler = new ConcreteCompiler(body.LocalCount, coverage);
        var block = Expression.Block(
            typeof(int),
            compiler._locals,
            compiler.Statements(body.Statements).Append(Expression.Label(Return, Expression.Constant(-1))));
        return Expression.Lambda<CompiledBody>(block, compiler._registers, compiler._operands, compiler._memory).Compile();
    }

    /// <summary>Compiles a 1-bit condition over the state (a mode, an invariant) to a predicate.</summary>
    public static Func<ulong[], MemoryTransaction, bool> CompileCondition(BoundExpr condition)
    {
        var compiler = new ConcreteCompiler(0);
        var body = IsTrue(compiler.Value(condition));
        var lambda = Expression.Lambda<Func<ulong[], ulong[], MemoryTransaction, bool>>(body, compiler._registers, compiler._operands, compiler._memory).Compile();
        return (registers, memory) => lambda(registers, [], memory);
    }

    private IEnumerable<Expression> Statements(ImmutableArray<BoundStmt> statements) =>
        statements.Length == 0 ? [Expression.Empty()] : statements.Select(Statement);

    private Expression Statement(BoundStmt statement) => statement switch
    {
        LetBound let => Expression.Assign(_locals[let.Slot], Value(let.Value)),
        AssignRegister assign => AssignRegister(assign),
        AssignRegisterOperand assign => Expression.Call(
            typeof(ConcreteRuntime), nameof(ConcreteRuntime.WriteRegisterOperand), null,
            _registers, Expression.Constant(assign.Registers.ToArray()), OperandIndex(assign.Operand),
            Expression.Constant(assign.High), Expression.Constant(assign.Low), Value(assign.Value)),
        MemoryWrite write => Expression.Call(
            _memory, nameof(MemoryTransaction.Write), null, Value(write.Address), Expression.Constant(write.Cells), Value(write.Value)),
        IfBound branch => Expression.IfThenElse(
            IsTrue(Value(branch.Condition)),
            Expression.Block(Counted(branch, nameof(BranchCounter.HitThen), Statements(branch.Then))),
            Expression.Block(Counted(branch, nameof(BranchCounter.HitElse), Statements(branch.Else)))),
        TrapBound trap => Expression.Return(Return, Expression.Constant(trap.Kind)),
        _ => throw new InvalidOperationException($"unknown statement {statement.GetType().Name}"),
    };

    private IEnumerable<Expression> Counted(IfBound branch, string hit, IEnumerable<Expression> statements) =>
        statements;

    private Expression AssignRegister(AssignRegister assign)
    {
        var slot = Expression.ArrayAccess(_registers, Expression.Constant(assign.Register));
        return Expression.Assign(slot, Expression.Call(
            typeof(BitOps), nameof(BitOps.Overwrite), null, slot, Expression.Constant(assign.High), Expression.Constant(assign.Low), Value(assign.Value)));
    }

    private Expression OperandIndex(int operand) =>
        Expression.ArrayIndex(_operands, Expression.Constant(operand));

    private static Expression IsTrue(Expression bit) => Expression.NotEqual(bit, Expression.Constant(0UL));
}
