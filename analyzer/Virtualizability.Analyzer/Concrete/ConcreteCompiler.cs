using System.Collections.Immutable;
using System.Linq.Expressions;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Runs a body on the registers and memory in place; returns the raised trap kind's index, or -1. A body
/// that may trap after writing records old values in the transaction's undo log (see <see cref="PreciseTraps"/>).
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
    private readonly BranchCoverage? _coverage;
    private readonly bool _logging;
    private readonly IReadOnlyList<int>? _registerWidths;

    private ConcreteCompiler(int localCount, BranchCoverage? coverage = null, bool logging = false, IReadOnlyList<int>? registerWidths = null)
    {
        _coverage = coverage;
        _logging = logging;
        _registerWidths = registerWidths;
        _locals = Enumerable.Range(0, localCount).Select(i => Expression.Variable(typeof(ulong), $"let{i}")).ToArray();
    }

    /// <summary>
    /// Compiles a body; with <paramref name="coverage"/>, every <c>if</c> counts which way it went. Given the
    /// registers' widths, a write of a whole register skips merging with the old value.
    /// </summary>
    public static CompiledBody Compile(BoundBody body, BranchCoverage? coverage = null, IReadOnlyList<int>? registerWidths = null)
    {
        var compiler = new ConcreteCompiler(body.LocalCount, coverage, PreciseTraps.NeedsUndo(body), registerWidths);
        var block = Expression.Block(
            typeof(int),
            compiler._locals,
            compiler.Statements(body.Statements).Append(Expression.Label(Return, Expression.Constant(-1))));
        return Expression.Lambda<CompiledBody>(block, compiler._registers, compiler._operands, compiler._memory).Compile();
    }

    /// <summary>Compiles a 1-bit condition over the state (a mode, an invariant) to a predicate.</summary>
    public static Func<ulong[], MemoryTransaction, bool> CompileCondition(BoundExpr condition)
    {
        var lambda = CompileConditionWithOperands(condition);
        return (registers, memory) => lambda(registers, [], memory);
    }

    /// <summary>Compiles a 1-bit condition that also reads operands (vmm.reserved_memory reads addr).</summary>
    public static Func<ulong[], ulong[], MemoryTransaction, bool> CompileConditionWithOperands(BoundExpr condition)
    {
        var compiler = new ConcreteCompiler(0);
        var body = IsTrue(compiler.Value(condition));
        return Expression.Lambda<Func<ulong[], ulong[], MemoryTransaction, bool>>(body, compiler._registers, compiler._operands, compiler._memory).Compile();
    }

    private IEnumerable<Expression> Statements(ImmutableArray<BoundStmt> statements) =>
        statements.Length == 0 ? [Expression.Empty()] : statements.Select(Statement);

    private Expression Statement(BoundStmt statement) => statement switch
    {
        LetBound let => Expression.Assign(_locals[let.Slot], Value(let.Value)),
        AssignRegister assign => AssignRegister(assign),
        AssignRegisterOperand assign => Expression.Call(
            Method(typeof(ConcreteRuntime), nameof(ConcreteRuntime.WriteRegisterOperand)),
            _registers, Expression.Constant(assign.Registers.ToArray()), OperandIndex(assign.Operand),
            Expression.Constant(assign.High), Expression.Constant(assign.Low), Value(assign.Value),
            _logging ? _memory : Expression.Constant(null, typeof(MemoryTransaction))),
        MemoryWrite write => Expression.Call(
            _memory, Method(typeof(MemoryTransaction), nameof(MemoryTransaction.Write)), Value(write.Address), Expression.Constant(write.Cells), Value(write.Value)),
        IfBound branch => Expression.IfThenElse(
            IsTrue(Value(branch.Condition)),
            Expression.Block(Counted(branch, nameof(BranchCounter.HitThen), Statements(branch.Then))),
            Expression.Block(Counted(branch, nameof(BranchCounter.HitElse), Statements(branch.Else)))),
        TrapBound trap => Expression.Return(Return, Expression.Constant(trap.Kind)),
        _ => throw new InvalidOperationException($"unknown statement {statement.GetType().Name}"),
    };

    private IEnumerable<Expression> Counted(IfBound branch, string hit, IEnumerable<Expression> statements) =>
        _coverage is null ? statements : statements.Prepend(Expression.Call(Expression.Constant(_coverage.For(branch)), Method(typeof(BranchCounter), hit)));

    private Expression AssignRegister(AssignRegister assign)
    {
        var slot = Expression.ArrayAccess(_registers, Expression.Constant(assign.Register));
        var whole = assign.Low == 0 && (assign.High >= 63 || (_registerWidths is { } widths && assign.High + 1 >= widths[assign.Register]));
        var value = whole
            ? Value(assign.Value)
            : Call(nameof(BitOps.Overwrite), slot, Expression.Constant(assign.High), Expression.Constant(assign.Low), Value(assign.Value));
        var write = Expression.Assign(slot, value);
        return _logging
            ? Expression.Block(Expression.Call(_memory, Method(typeof(MemoryTransaction), nameof(MemoryTransaction.SaveRegister)), _registers, Expression.Constant(assign.Register)), write)
            : write;
    }

    private Expression OperandIndex(int operand) =>
        Expression.ArrayIndex(_operands, Expression.Constant(operand));

    private static Expression IsTrue(Expression bit) => Expression.NotEqual(bit, Expression.Constant(0UL));
}
