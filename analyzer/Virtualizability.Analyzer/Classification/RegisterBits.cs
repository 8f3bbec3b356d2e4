using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// The register bits an expression reads: the one walker for "which registers does this read", used for
/// the invariants' ties to the mode (bit-exact) and for a body's clock reads (any bit). It walks with an
/// explicit stack, because the loader accepts chains of thousands of operands.
/// </summary>
internal static class RegisterBits
{
    public static ulong[] Of(BoundExpr expr, int registerCount)
    {
        var bits = new ulong[registerCount];
        Collect(expr, bits);
        return bits;
    }

    /// <summary>Adds the bits <paramref name="expr"/> reads to <paramref name="bits"/>, indexed by register.</summary>
    public static void Collect(BoundExpr expr, ulong[] bits)
    {
        var pending = new Stack<(BoundExpr Expr, ulong Mask)>();
        pending.Push((expr, ulong.MaxValue));
        while (pending.Count > 0)
        {
            var (next, mask) = pending.Pop();
            Visit(next, mask, bits, pending);
        }
    }

    // The mask narrows a register read directly under "& constant": "(SR & 16'h58E0) == 0" reads only
    // the masked bits of SR, not its mode bit. Anything else between them reads whole values.
    private static void Visit(BoundExpr expr, ulong mask, ulong[] bits, Stack<(BoundExpr, ulong)> pending)
    {
        switch (expr)
        {
            case RegisterRead r:
                bits[r.Register] |= mask & BitOps.Mask(r.Width);
                break;
            case RegisterOperandRead r:
                foreach (var register in r.Registers)
                {
                    bits[register] |= BitOps.Mask(r.Width);
                }

                break;
            case SliceExpr { Value: RegisterRead r } slice:
                bits[r.Register] |= BitOps.Mask(slice.Width) << slice.Low;
                break;
            case BinaryBound { Op: BinaryOp.And, Right: ConstExpr constant } and:
                pending.Push((and.Left, constant.Value));
                break;
            case BinaryBound { Op: BinaryOp.And, Left: ConstExpr constant } and:
                pending.Push((and.Right, constant.Value));
                break;
            case SliceExpr s: pending.Push((s.Value, ulong.MaxValue)); break;
            case UnaryBound u: pending.Push((u.Operand, ulong.MaxValue)); break;
            case BinaryBound b: pending.Push((b.Left, ulong.MaxValue)); pending.Push((b.Right, ulong.MaxValue)); break;
            case ExtendExpr e: pending.Push((e.Value, ulong.MaxValue)); break;
            case IteExpr i: pending.Push((i.Condition, ulong.MaxValue)); pending.Push((i.Then, ulong.MaxValue)); pending.Push((i.Else, ulong.MaxValue)); break;
            case MemoryRead m: pending.Push((m.Address, ulong.MaxValue)); break;
        }
    }
}
