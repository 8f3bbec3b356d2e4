using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Symbolic;

/// <summary>
/// Fresh Z3 constants for every register, the memory and every operand of one body. The prefix keeps two
/// pre-states apart when a query compares executions (s1, s2).
/// </summary>
public sealed class SymbolicPreState
{
    private SymbolicPreState(ImmutableArray<BitVecExpr> registers, ArrayExpr? memory, ImmutableArray<BitVecExpr> operands, BitVecExpr? memoryShift = null)
    {
        Registers = registers;
        Memory = memory;
        Operands = operands;
        MemoryShift = memoryShift;
    }

    public ImmutableArray<BitVecExpr> Registers { get; }

    public ArrayExpr? Memory { get; }

    /// <summary>
    /// Where set, the state's memory is <see cref="Memory"/> seen through a shift: its cell x is the array's
    /// cell x + shift. Two states can so share one array while a program sits at different places in them.
    /// </summary>
    public BitVecExpr? MemoryShift { get; }

    public ImmutableArray<BitVecExpr> Operands { get; }

    public static SymbolicPreState Create(Context context, IsaSpec spec, ImmutableArray<OperandDef> operands, string prefix)
    {
        var registers = spec.Registers.Select(r => context.MkBVConst($"{prefix}{r.Name}", (uint)r.Width)).ToImmutableArray();
        var memory = spec.Memory is { } m
            ? context.MkArrayConst($"{prefix}{m.Name}", context.MkBitVecSort((uint)m.AddressWidth), context.MkBitVecSort((uint)m.CellWidth))
            : null;
        return new SymbolicPreState(registers, memory, CreateOperands(context, operands, prefix));
    }

    public static SymbolicPreState FromParts(ImmutableArray<BitVecExpr> registers, ArrayExpr? memory, ImmutableArray<BitVecExpr> operands, BitVecExpr? memoryShift = null) =>
        new(registers, memory, operands, memoryShift);

    /// <summary>The index in <see cref="Memory"/> (or in an outcome's memory) of the state's cell at <paramref name="address"/>.</summary>
    public BitVecExpr MemoryIndex(Context context, BitVecExpr address) =>
        MemoryShift is null ? address : context.MkBVAdd(address, MemoryShift);

    public static ImmutableArray<BitVecExpr> CreateOperands(Context context, ImmutableArray<OperandDef> operands, string prefix) =>
        operands.Select(o => context.MkBVConst($"{prefix}op_{o.Name}", (uint)o.Width)).ToImmutableArray();

    /// <summary>Register operands index a group; indices past its end are not real encodings.</summary>
    public static BoolExpr OperandDomain(Context context, ImmutableArray<OperandDef> operands, ImmutableArray<BitVecExpr> values)
    {
        var constraints = operands
            .Where(o => o.Kind == OperandKind.Register && o.Registers.Length < 1 << o.Width)
            .Select(o => context.MkBVULT(values[o.Index], context.MkBV(o.Registers.Length, (uint)o.Width)))
            .ToArray();
        return constraints.Length == 0 ? context.MkTrue() : context.MkAnd(constraints);
    }
}
