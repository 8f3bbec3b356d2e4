using CsCheck;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Tests.Agreement;

/// <summary>
/// One generated input: register values, operands, and a pool of cell values that memory takes, in the
/// order the body first reads the cells. Each value is a shape (0, 1, all ones, the sign bit, small, any)
/// and raw bits, so CsCheck shrinks towards zero and small values.
/// </summary>
public sealed record GeneratedCase(int[] RegisterShapes, ulong[] RegisterBits, int[] OperandShapes, ulong[] OperandBits, int[] CellShapes, ulong[] CellBits)
{
    public const int PoolSize = 48;

    public static Gen<GeneratedCase> For(IsaSpec spec, InstructionDef instruction)
    {
        var registers = spec.Registers.Length;
        var operands = instruction.Operands.Length;
        return Gen.Select(
            Gen.Int[0, 7].Array[registers, registers], Gen.ULong.Array[registers, registers],
            Gen.Int[0, 7].Array[operands, operands], Gen.ULong.Array[operands, operands],
            Gen.Int[0, 7].Array[PoolSize, PoolSize], Gen.ULong.Array[PoolSize, PoolSize],
            (rs, rb, os, ob, cs, cb) => new GeneratedCase(rs, rb, os, ob, cs, cb));
    }

    public ulong[] Registers(IsaSpec spec) =>
        spec.Registers.Select(r => Shape(RegisterShapes[r.Index], RegisterBits[r.Index], r.Width)).ToArray();

    public ulong[] Operands(InstructionDef instruction) =>
        instruction.Operands.Select(o => o.Kind == OperandKind.Register
            ? OperandBits[o.Index] % (ulong)o.Registers.Length
            : Shape(OperandShapes[o.Index], OperandBits[o.Index], o.Width)).ToArray();

    /// <summary>The value of the k-th cell a body reads (the pool repeats past its end).</summary>
    public ulong Cell(int k, int width) => Shape(CellShapes[k % PoolSize], CellBits[k % PoolSize] + (ulong)(k / PoolSize), width);

    // Values at the edges, where instruction semantics branch, more often than uniform bits would give them.
    private static ulong Shape(int shape, ulong bits, int width)
    {
        var mask = BitOps.Mask(width);
        return shape switch
        {
            0 => 0,
            1 => 1,
            2 => mask,
            3 => 1UL << (width - 1),
            4 => bits & 15 & mask,
            5 => (bits & 0xff) << (int)((bits >> 8) % (ulong)width) & mask,
            _ => bits & mask,
        };
    }

    public override string ToString() =>
        $"registers {string.Join(",", RegisterShapes)}/{string.Join(",", RegisterBits.Select(b => b.ToString("x")))}; operands {string.Join(",", OperandShapes)}/{string.Join(",", OperandBits.Select(b => b.ToString("x")))}";
}
