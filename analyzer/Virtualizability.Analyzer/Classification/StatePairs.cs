using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>The second state of a compared pair: the first state with only the free bits its own.</summary>
internal static class StatePairs
{
    public static SymbolicPreState Paired(Context z3, IsaSpec spec, SymbolicPreState first, ImmutableArray<ulong> free)
    {
        var registers = first.Registers.Select((r, i) => Loosen(z3, r, free[i], spec.Registers[i])).ToImmutableArray();
        BitVecExpr? shift = null;
        if (first.Memory is not null && spec.Memory is { Relocation: { } relocation } && free[relocation] != 0)
        {
            // The same program placed elsewhere: cell x of s2 holds what cell x - l2 + l1 holds in s1. As a
            // shift of s1's array rather than a lambda, relocated accesses cancel to the same array index,
            // and the query stays within what the fast bit-vector strategy takes.
            shift = z3.MkBVSub(first.Registers[relocation], registers[relocation]);
        }

        return SymbolicPreState.FromParts(registers, first.Memory, first.Operands, shift);
    }

    // The bits in `free` come from a fresh constant; the others are s1's.
    private static BitVecExpr Loosen(Context z3, BitVecExpr first, ulong free, RegisterDef register)
    {
        if (free == 0)
        {
            return first;
        }

        var fresh = z3.MkBVConst("s2_" + register.Name, (uint)register.Width);
        if (free == Concrete.BitOps.Mask(register.Width))
        {
            return fresh;
        }

        var width = (uint)register.Width;
        return z3.MkBVOR(z3.MkBVAND(first, z3.MkBV(~free & Concrete.BitOps.Mask(register.Width), width)), z3.MkBVAND(fresh, z3.MkBV(free, width)));
    }
}
