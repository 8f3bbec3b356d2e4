using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

internal sealed partial class InstructionProblem
{
    public BoolExpr Invariants(SymbolicPreState state) =>
        Z3.MkAnd(Spec.Invariants.Select(i => SymbolicExecutor.Condition(Z3, Spec, i.Condition, state)).Prepend(Z3.MkTrue()));

    public BoolExpr Keeps(SymbolicPreState state) => SymbolicExecutor.Condition(Z3, Spec, Spec.Vmm.Keeps, state);

    public BoolExpr InMode(string mode, SymbolicPreState state) =>
        SymbolicExecutor.Condition(Z3, Spec, Spec.FindMode(mode)!.When, state);

    public static BoolExpr Completes(SymbolicOutcome outcome) => outcome.Completes;

    public BoolExpr MemoryTraps(SymbolicOutcome outcome) =>
        Spec.FindTrap("memory") is { } memory ? outcome.TrapConditions[memory.Index] : Z3.MkFalse();

    /// <summary>The instruction ran and left some mode or control bit different.</summary>
    public BoolExpr ChangesModeOrControl(SymbolicPreState state, SymbolicOutcome outcome)
    {
        var changes = Spec.Registers
            .Where(r => (Masks.Mode[r.Index] | Masks.Control[r.Index]) != 0)
            .Select(r => BitsDiffer(state.Registers[r.Index], outcome.Registers[r.Index], Masks.Mode[r.Index] | Masks.Control[r.Index], r.Width))
            .ToArray();
        return changes.Length == 0 ? Z3.MkFalse() : Z3.MkOr(changes);
    }

    /// <summary>
    /// The user parts of two outcomes differ: a user register bit, or user memory as a program sees it. User
    /// bits that the pair lets differ from the start (CS.RPL, tied to the mode) are not a difference it made.
    /// </summary>
    public BoolExpr UserPartsDiffer(SymbolicOutcome first, SymbolicPreState secondState, SymbolicOutcome second, PairKind kind)
    {
        var free = Masks.FreeIn(kind);
        var differences = Spec.Registers
            .Where(r => (Masks.User[r.Index] & ~free[r.Index]) != 0)
            .Select(r => BitsDiffer(first.Registers[r.Index], second.Registers[r.Index], Masks.User[r.Index] & ~free[r.Index], r.Width))
            .ToList();
        if (Spec.Memory is { Role: Role.User } && first.Memory is not null && second.Memory is not null)
        {
            differences.Add(ProgramMemoryDiffers(first, secondState, second));
        }

        return differences.Count == 0 ? Z3.MkFalse() : Z3.MkOr(differences);
    }

    /// <summary>
    /// The outcomes' memories differ at the program address <see cref="Probe"/>. As in P&amp;G's definition of
    /// behavior sensitivity (e₁|r vs e₂|r⊕x), both are read through the relocation-bounds values of the
    /// pre-states: what the instruction did to the program's storage, not where it moved R to.
    /// </summary>
    private BoolExpr ProgramMemoryDiffers(SymbolicOutcome first, SymbolicPreState secondState, SymbolicOutcome second)
    {
        var memory = Spec.Memory!;
        BitVecExpr Physical(SymbolicPreState s) =>
            memory.Relocation is { } l ? Z3.MkBVAdd(Probe!, s.Registers[l]) : Probe!;
        var differs = Z3.MkNot(Z3.MkEq(
            Z3.MkSelect(first.Memory!, First.MemoryIndex(Z3, Physical(First))),
            Z3.MkSelect(second.Memory!, secondState.MemoryIndex(Z3, Physical(secondState)))));
        if (memory.Bound is not { } b)
        {
            return differs;
        }

        // Only addresses the program may use in both states count.
        return Z3.MkAnd(Z3.MkBVULT(Probe!, First.Registers[b]), Z3.MkBVULT(Probe!, secondState.Registers[b]), differs);
    }

    private BoolExpr BitsDiffer(BitVecExpr a, BitVecExpr b, ulong mask, int width)
    {
        if (mask == Concrete.BitOps.Mask(width))
        {
            return Z3.MkNot(Z3.MkEq(a, b));
        }

        var m = Z3.MkBV(mask, (uint)width);
        return Z3.MkNot(Z3.MkEq(Z3.MkBVAND(a, m), Z3.MkBVAND(b, m)));
    }
}
