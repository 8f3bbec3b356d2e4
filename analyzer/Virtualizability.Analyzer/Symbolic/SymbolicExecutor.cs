using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Symbolic;

/// <summary>
/// Runs a bound body over a symbolic pre-state. Branches are merged into if-then-else terms rather than
/// forked, so one outcome describes every path (as Zen does).
/// </summary>
public sealed partial class SymbolicExecutor
{
    private readonly Context _z3;
    private readonly IsaSpec _spec;
    private readonly SymbolicPreState _pre;
    private readonly BitVecExpr[] _registers;
    private readonly BitVecExpr?[] _locals;
    private readonly BoolExpr[] _traps;
    private ArrayExpr? _memory;
    private BoolExpr _path;
    private BoolExpr _alive;
    private Action<IfBound, BoolExpr, BoolExpr>? _onBranch;

    private SymbolicExecutor(Context z3, IsaSpec spec, SymbolicPreState pre, int localCount)
    {
        _z3 = z3;
        _spec = spec;
        _pre = pre;
        _registers = pre.Registers.ToArray();
        _memory = pre.Memory;
        _locals = new BitVecExpr?[localCount];
        _traps = spec.Traps.Select(_ => z3.MkFalse()).ToArray();
        _path = z3.MkTrue();
        _alive = z3.MkTrue();
    }

    /// <summary>
    /// The outcome of an instruction; a spec with a PC first falls through to next_pc. Where given,
    /// <paramref name="onBranch"/> receives for each <c>if</c> the conditions on the pre-state under which
    /// it is reached and goes each way (then, else).
    /// </summary>
    public static SymbolicOutcome Execute(Context z3, IsaSpec spec, InstructionDef instruction, SymbolicPreState pre, Action<IfBound, BoolExpr, BoolExpr>? onBranch = null)
    {
        var executor = new SymbolicExecutor(z3, spec, pre, instruction.Body.LocalCount) { _onBranch = onBranch };
        if (spec.ProgramCounter is { } pc && instruction.Operands.FirstOrDefault(o => o.Name == "next_pc") is { } next)
        {
            executor._registers[pc] = pre.Operands[next.Index];
        }

        executor.Run(instruction.Body.Statements);
        return executor.Outcome();
    }

    /// <summary>A 1-bit condition over the pre-state (a mode, an invariant, Φ) as a Z3 Bool.</summary>
    public static BoolExpr Condition(Context z3, IsaSpec spec, BoundExpr condition, SymbolicPreState pre)
    {
        var executor = new SymbolicExecutor(z3, spec, pre, 0);
        return executor.ToBool(executor.Eval(condition));
    }

    private SymbolicOutcome Outcome() => new([.. _traps], _alive, [.. _registers], _memory);

    private void Run(ImmutableArray<BoundStmt> statements)
    {
        foreach (var statement in statements)
        {
            Run(statement);
        }
    }

    private void Run(BoundStmt statement)
    {
        switch (statement)
        {
            case LetBound let:
                _locals[let.Slot] = Eval(let.Value);
                break;
            case AssignRegister assign:
                _registers[assign.Register] = Overwrite(_registers[assign.Register], assign.High, assign.Low, Eval(assign.Value));
                break;
            case AssignRegisterOperand assign:
                AssignOperand(assign);
                break;
            case MemoryWrite write:
                WriteMemory(Eval(write.Address), write.Cells, Eval(write.Value));
                break;
            case IfBound branch:
                RunIf(branch);
                break;
            case TrapBound trap:
                // Traps are precise: the first one reached on a path wins and nothing after it counts.
                var raised = _z3.MkAnd(_path, _alive);
                _traps[trap.Kind] = _z3.MkOr(_traps[trap.Kind], raised);
                _alive = _z3.MkAnd(_alive, _z3.MkNot(_path));
                break;
            default:
                throw new InvalidOperationException($"unknown statement {statement.GetType().Name}");
        }
    }

    private void RunIf(IfBound branch)
    {
        var condition = ToBool(Eval(branch.Condition));
        if (_onBranch is { } report)
        {
            var reached = _z3.MkAnd(_path, _alive);
            report(branch, _z3.MkAnd(reached, condition), _z3.MkAnd(reached, _z3.MkNot(condition)));
        }

        var (savedRegisters, savedMemory, savedLocals, savedPath) = (_registers.ToArray(), _memory, _locals.ToArray(), _path);

        _path = _z3.MkAnd(savedPath, condition);
        Run(branch.Then);
        var (thenRegisters, thenMemory) = (_registers.ToArray(), _memory);

        savedRegisters.CopyTo(_registers, 0);
        savedLocals.CopyTo(_locals, 0);
        _memory = savedMemory;
        _path = _z3.MkAnd(savedPath, _z3.MkNot(condition));
        Run(branch.Else);

        for (var i = 0; i < _registers.Length; i++)
        {
            _registers[i] = Merge(condition, thenRegisters[i], _registers[i]);
        }

        _memory = thenMemory is null || _memory is null || thenMemory.Equals(_memory)
            ? _memory
            : (ArrayExpr)_z3.MkITE(condition, thenMemory, _memory);
        savedLocals.CopyTo(_locals, 0);
        _path = savedPath;
    }

    private BitVecExpr Merge(BoolExpr condition, BitVecExpr then, BitVecExpr otherwise) =>
        then.Equals(otherwise) ? then : (BitVecExpr)_z3.MkITE(condition, then, otherwise);

    /// <summary>Bits High..Low of <paramref name="old"/> replaced by <paramref name="value"/>.</summary>
    private BitVecExpr Overwrite(BitVecExpr old, int high, int low, BitVecExpr value)
    {
        var width = (int)old.SortSize;
        var result = value;
        if (high < width - 1)
        {
            result = _z3.MkConcat(_z3.MkExtract((uint)(width - 1), (uint)(high + 1), old), result);
        }

        if (low > 0)
        {
            result = _z3.MkConcat(result, _z3.MkExtract((uint)(low - 1), 0, old));
        }

        return result;
    }

    private void AssignOperand(AssignRegisterOperand assign)
    {
        var value = Eval(assign.Value);
        var index = _pre.Operands[assign.Operand];
        for (var k = 0; k < assign.Registers.Length; k++)
        {
            var register = assign.Registers[k];
            var selected = SelectsMember(index, k, assign.Registers.Length);
            _registers[register] = Merge(selected, Overwrite(_registers[register], assign.High, assign.Low, value), _registers[register]);
        }
    }

    // Matches RegisterOperandRead: an index past the group's end selects its last member.
    private BoolExpr SelectsMember(BitVecExpr index, int member, int count) =>
        member == count - 1
            ? _z3.MkBVUGE(index, _z3.MkBV(member, index.SortSize))
            : _z3.MkEq(index, _z3.MkBV(member, index.SortSize));

    private void WriteMemory(BitVecExpr address, int cells, BitVecExpr value)
    {
        var memory = _spec.Memory!;
        for (var i = 0; i < cells; i++)
        {
            var low = CellShift(i, cells, memory.CellWidth);
            var cell = _z3.MkExtract((uint)(low + memory.CellWidth - 1), (uint)low, value);
            _memory = _z3.MkStore(_memory!, CellAddress(address, i), cell);
        }
    }

    /// <summary>Bit position of the i-th cell (from the address upward) within a multi-cell value.</summary>
    private int CellShift(int i, int cells, int cellWidth) =>
        _spec.Endianness == Endianness.Little ? i * cellWidth : (cells - 1 - i) * cellWidth;

    /// <summary>The array index of the i-th cell from <paramref name="address"/>, through the pre-state's shift.</summary>
    private BitVecExpr CellAddress(BitVecExpr address, int i) =>
        _pre.MemoryIndex(_z3, i == 0 ? address : _z3.MkBVAdd(address, _z3.MkBV(i, address.SortSize)));
}
