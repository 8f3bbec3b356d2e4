using Microsoft.Z3;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Symbolic;

public sealed partial class SymbolicExecutor
{
    private BitVecExpr Eval(BoundExpr expr) => expr switch
    {
        ConstExpr c => _z3.MkBV(c.Value, (uint)c.Width),
        RegisterRead r => _registers[r.Register],
        OperandRead o => _pre.Operands[o.Operand],
        RegisterOperandRead r => SelectRegister(r),
        LocalRead l => _locals[l.Slot] ?? throw new InvalidOperationException($"let slot {l.Slot} read before it was set"),
        MemoryRead m => ReadMemory(Eval(m.Address), m.Cells),
        SliceExpr s => _z3.MkExtract((uint)s.High, (uint)s.Low, Eval(s.Value)),
        UnaryBound { Op: UnaryOp.Not } u => _z3.MkBVNot(Eval(u.Operand)),
        UnaryBound u => _z3.MkBVNeg(Eval(u.Operand)),
        BinaryBound b => EvalBinary(b.Op, Eval(b.Left), Eval(b.Right)),
        ExtendExpr { Signed: true } e => Extend(Eval(e.Value), e.Width, signed: true),
        ExtendExpr e => Extend(Eval(e.Value), e.Width, signed: false),
        IteExpr i => Merge(ToBool(Eval(i.Condition)), Eval(i.Then), Eval(i.Else)),
        _ => throw new InvalidOperationException($"unknown expression {expr.GetType().Name}"),
    };

    private BitVecExpr Extend(BitVecExpr value, int width, bool signed)
    {
        var extra = (uint)width - value.SortSize;
        return extra == 0 ? value : signed ? _z3.MkSignExt(extra, value) : _z3.MkZeroExt(extra, value);
    }

    private BitVecExpr SelectRegister(RegisterOperandRead read)
    {
        var index = _pre.Operands[read.Operand];
        var result = _registers[read.Registers[^1]];
        for (var k = read.Registers.Length - 2; k >= 0; k--)
        {
            result = Merge(_z3.MkEq(index, _z3.MkBV(k, index.SortSize)), _registers[read.Registers[k]], result);
        }

        return result;
    }

    private BitVecExpr ReadMemory(BitVecExpr address, int cells)
    {
        var memory = _spec.Memory!;
        BitVecExpr? result = null;
        for (var i = 0; i < cells; i++)
        {
            var cell = (BitVecExpr)_z3.MkSelect(_memory!, CellAddress(address, i));
            var placeHigh = CellShift(i, cells, memory.CellWidth) > CellShift(0, cells, memory.CellWidth);
            result = result is null ? cell : placeHigh ? _z3.MkConcat(cell, result) : _z3.MkConcat(result, cell);
        }

        return result!;
    }

    private BitVecExpr EvalBinary(BinaryOp op, BitVecExpr left, BitVecExpr right) => op switch
    {
        BinaryOp.Add => _z3.MkBVAdd(left, right),
        BinaryOp.Subtract => _z3.MkBVSub(left, right),
        BinaryOp.Multiply => _z3.MkBVMul(left, right),
        BinaryOp.And or BinaryOp.LogicalAnd => _z3.MkBVAND(left, right),
        BinaryOp.Or or BinaryOp.LogicalOr => _z3.MkBVOR(left, right),
        BinaryOp.Xor => _z3.MkBVXOR(left, right),
        BinaryOp.ShiftLeft => _z3.MkBVSHL(left, right),
        BinaryOp.ShiftRightLogical => _z3.MkBVLSHR(left, right),
        BinaryOp.ShiftRightArithmetic => _z3.MkBVASHR(left, right),
        BinaryOp.Concat => _z3.MkConcat(left, right),
        _ => FromBool(Compare(op, left, right)),
    };

    private BoolExpr Compare(BinaryOp op, BitVecExpr left, BitVecExpr right) => op switch
    {
        BinaryOp.Equal => _z3.MkEq(left, right),
        BinaryOp.NotEqual => _z3.MkNot(_z3.MkEq(left, right)),
        BinaryOp.UnsignedLess => _z3.MkBVULT(left, right),
        BinaryOp.UnsignedLessOrEqual => _z3.MkBVULE(left, right),
        BinaryOp.UnsignedGreater => _z3.MkBVUGT(left, right),
        BinaryOp.UnsignedGreaterOrEqual => _z3.MkBVUGE(left, right),
        BinaryOp.SignedLess => _z3.MkBVSLT(left, right),
        BinaryOp.SignedLessOrEqual => _z3.MkBVSLE(left, right),
        BinaryOp.SignedGreater => _z3.MkBVSGT(left, right),
        BinaryOp.SignedGreaterOrEqual => _z3.MkBVSGE(left, right),
        _ => throw new InvalidOperationException($"{op} is not a comparison"),
    };

    private BitVecExpr FromBool(BoolExpr condition) =>
        (BitVecExpr)_z3.MkITE(condition, _z3.MkBV(1, 1), _z3.MkBV(0, 1));

    /// <summary>Booleans are 1-bit values in the language; Z3 wants a Bool where a condition is tested.</summary>
    private BoolExpr ToBool(BitVecExpr bit)
    {
        // Undo FromBool instead of wrapping it again, to keep terms small.
        if (bit.IsITE && bit.Args[1] is BitVecNum { UInt64: 1 } && bit.Args[2] is BitVecNum { UInt64: 0 })
        {
            return (BoolExpr)bit.Args[0];
        }

        return _z3.MkEq(bit, _z3.MkBV(1, 1));
    }
}
