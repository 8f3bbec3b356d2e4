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

    public static BitVecExpr Select(Context z3, Expr memory, BitVecExpr index) =>
        new Reader(z3, index).Read(memory);

    // One read: each distinct memory term is written out once, so a chain of conditional stores (an ite
    // over a store over the same memory, as a register list's stores are) costs its length, not 2^length.
    private sealed class Reader(Context z3, BitVecExpr index)
    {
        private readonly Dictionary<Expr, BitVecExpr> _reads = [];
        private int _stores;

        public BitVecExpr Read(Expr memory)
        {
            if (_reads.TryGetValue(memory, out var known))
            {
                return known;
            }

            var read = Expand(memory);
            _reads[memory] = read;
            return read;
        }

        private BitVecExpr Expand(Expr memory)
        {
            if (memory.IsStore && _stores < MaxStores)
            {
                _stores++;
                var args = memory.Args;
                return (BitVecExpr)z3.MkITE(z3.MkEq(index, args[1]), args[2], Read(args[0]));
            }

            if (memory.IsITE)
            {
                var args = memory.Args;
                return (BitVecExpr)z3.MkITE((BoolExpr)args[0], Read(args[1]), Read(args[2]));
            }

            return (BitVecExpr)z3.MkSelect((ArrayExpr)memory, index);
        }
    }
}
