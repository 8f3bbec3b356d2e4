using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Proving;

/// <summary>A bit pattern the VMM would like a register of the real state to have: (value &amp; mask).</summary>
public sealed record RealPreference(int Register, ulong Mask, ulong Value);

/// <summary>
/// The concrete side of the embedding the prover assumes: for a concrete virtual state, the real registers a
/// reference VMM runs it in. Every bit the embedding copies is the virtual one (and every bit in
/// <c>fixedBits</c>); the bits it chooses — the mode, what invariants tie to it, the shadowed control
/// state — come from Z3, under the same premise as the proofs: the real invariants, Φ, <c>vmm.allocates</c>
/// and the mode map (under hardware assistance Φ is the control setting, as in the proofs, not vmm.keeps).
/// The VMM's wishes (its own table bases, interrupts on) are kept where the premise allows:
/// each is an assumption, and those in an unsatisfiable core are dropped one round at a time.
/// </summary>
public sealed class EmbeddingAllocator(Embedding embedding, ConcreteMachine machine, ControlSetting? setting = null)
{
    private IsaSpec Spec => embedding.Spec;

    /// <summary>The real registers for <paramref name="virtualState"/>, or null with the reason when the premise has no model.</summary>
    public ulong[]? Allocate(MachineState virtualState, IReadOnlyList<RealPreference> preferences, ImmutableArray<ulong> fixedBits, out string? problem)
    {
        using var z3 = new Context();
        var real = SymbolicPreState.Create(z3, Spec, [], "r_");
        using var solver = z3.MkSolver();
        solver.Parameters = z3.MkParams().Add("ctrl_c", false);   // Ctrl-C is virt's to handle, as in QueryRunner
        foreach (var register in Spec.Registers)
        {
            var copied = ~embedding.Chosen[register.Index] | fixedBits[register.Index];
            solver.Assert(Equal(z3, real.Registers[register.Index], copied & BitOps.Mask(register.Width), virtualState.Registers[register.Index], register.Width));
        }

        solver.Assert(Premise(z3, virtualState, real));
        var assumptions = preferences.Select((p, i) => (Literal: z3.MkBoolConst($"prefer{i}"), Preference: p)).ToList();
        foreach (var (literal, p) in assumptions)
        {
            solver.Assert(z3.MkImplies(literal, Equal(z3, real.Registers[p.Register], p.Mask, p.Value, Spec.Registers[p.Register].Width)));
        }

        while (true)
        {
            var status = solver.Check(assumptions.Select(a => (Expr)a.Literal).ToArray());
            if (status == Status.SATISFIABLE)
            {
                problem = null;
                return real.Registers.Select(r => ((BitVecNum)solver.Model.Eval(r, true)).UInt64).ToArray();
            }

            var core = status == Status.UNSATISFIABLE ? solver.UnsatCore.Select(c => c.ToString()).ToHashSet() : [];
            if (core.Count == 0)
            {
                problem = status == Status.UNSATISFIABLE
                    ? $"no real state satisfies the embedding for this virtual state (invariants, Φ = {Phi}, the allocation and the mode map)"
                    : $"Z3 could not allocate the real state: {solver.ReasonUnknown}";
                return null;
            }

            assumptions.RemoveAll(a => core.Contains(a.Literal.ToString()));
        }
    }

    private string Phi => setting is null ? Spec.Vmm.KeepsText : "the control setting " + setting.Suffix(Spec);

    private BoolExpr Premise(Context z3, MachineState virtualState, SymbolicPreState real)
    {
        BoolExpr Holds(Semantics.BoundExpr condition) => SymbolicExecutor.Condition(z3, Spec, condition, real);
        var parts = Spec.Invariants.Select(i => Holds(i.Condition)).ToList();
        if (setting is null)
        {
            parts.Add(Holds(Spec.Vmm.Keeps));
        }
        else
        {
            parts.Add(setting.Holds(z3, Spec, real));
        }

        if (Spec.Vmm.Embedding.Allocates is { } allocates)
        {
            parts.Add(Holds(allocates));
        }

        foreach (var (virtualMode, realMode) in embedding.ModeMap)
        {
            if (machine.Holds(Spec.FindMode(virtualMode)!.When, virtualState))
            {
                parts.Add(Holds(Spec.FindMode(realMode)!.When));
            }
        }

        return z3.MkAnd(parts);
    }

    private static BoolExpr Equal(Context z3, BitVecExpr term, ulong mask, ulong value, int width)
    {
        if (mask == 0)
        {
            return z3.MkTrue();
        }

        var bits = z3.MkBV(mask, (uint)width);
        return z3.MkEq(z3.MkBVAND(term, bits), z3.MkBV(value & mask, (uint)width));
    }
}
