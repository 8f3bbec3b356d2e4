using Microsoft.Z3;

namespace Virtualizability.Analyzer.Symbolic;

/// <summary>
/// A read of an outcome's memory written as the if-then-else over the stores that produced it.
/// </summary>
/// <remarks>
/// Z3 4.8 decides <c>select(store(...store(m, a1, b1)..., an, bn), p)</c> through its array theory, which
/// instantiates read-over-write lemmas one at a time. When two outcomes' store chains differ only in terms
/// the premise makes unreachable (a banked register read in a mode that cannot be current), proving their
/// reads equal took it minutes. Written out as <c>ite(p = an, bn, ... select(m, p))</c>, both reads end in
/// the same <c>select(m, p)</c> and the question is pure bit-vector logic, which it answers in milliseconds.
/// The rewrite is an equivalence, so it changes how fast Z3 answers, never what.
/// </remarks>
public static class ReadOverWrite
{
    /// <summary>Chains longer than this are left to the array theory, so a formula never grows without bound.</summary>
    public const int MaxStores = 256;

    public static BitVecExpr Select(Context z3, Expr memory, BitVecExpr index)
    {
        var stores = 0;
        return Read(z3, memory, index, ref stores);
    }

    private static BitVecExpr Read(Context z3, Expr memory, BitVecExpr index, ref int stores)
    {
        if (memory.IsStore && stores < MaxStores)
        {
            stores++;
            var args = memory.Args;
            var below = Read(z3, args[0], index, ref stores);
            return (BitVecExpr)z3.MkITE(z3.MkEq(index, args[1]), args[2], below);
        }

        if (memory.IsITE)
        {
            var args = memory.Args;
            var then = Read(z3, args[1], index, ref stores);
            var otherwise = Read(z3, args[2], index, ref stores);
            return (BitVecExpr)z3.MkITE((BoolExpr)args[0], then, otherwise);
        }

        return (BitVecExpr)z3.MkSelect((ArrayExpr)memory, index);
    }
}
