using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// The formulas for one instruction in one Z3 context: a symbolic state s1, and on demand a second state s2
/// paired with it (differing only where the pair kind allows), with their outcomes under the same operands.
/// </summary>
internal sealed partial class InstructionProblem
{
    private readonly Dictionary<PairKind, (SymbolicPreState State, SymbolicOutcome Outcome)> _pairs = new();

    public InstructionProblem(Context z3, IsaSpec spec, InstructionDef instruction, StateMasks masks)
    {
        Z3 = z3;
        Spec = spec;
        Instruction = instruction;
        Masks = masks;
        First = SymbolicPreState.Create(z3, spec, instruction.Operands, "s1_");
        FirstOutcome = SymbolicExecutor.Execute(z3, spec, instruction, First);
        Domain = SymbolicPreState.OperandDomain(z3, instruction.Operands, First.Operands);
        Probe = spec.Memory is { } m ? z3.MkBVConst("probe", (uint)m.AddressWidth) : null;
    }

    public Context Z3 { get; }

    public IsaSpec Spec { get; }

    public InstructionDef Instruction { get; }

    public StateMasks Masks { get; }

    public SymbolicPreState First { get; }

    public SymbolicOutcome FirstOutcome { get; }

    public BoolExpr Domain { get; }

    /// <summary>A program address at which two user memories are compared.</summary>
    public BitVecExpr? Probe { get; }

    public (SymbolicPreState State, SymbolicOutcome Outcome) Pair(PairKind kind)
    {
        if (!_pairs.TryGetValue(kind, out var pair))
        {
            var state = PairedState(Masks.FreeIn(kind));
            pair = (state, SymbolicExecutor.Execute(Z3, Spec, Instruction, state));
            _pairs[kind] = pair;
        }

        return pair;
    }

    private SymbolicPreState PairedState(ImmutableArray<ulong> free)
    {
        var registers = First.Registers.Select((r, i) => Loosen(r, free[i], Spec.Registers[i])).ToImmutableArray();
        BitVecExpr? shift = null;
        if (First.Memory is not null && Spec.Memory is { Relocation: { } relocation } && free[relocation] != 0)
        {
            // The same program placed elsewhere: cell x of s2 holds what cell x - l2 + l1 holds in s1. As a
            // shift of s1's array rather than a lambda, relocated accesses cancel to the same array index,
            // and the query stays within what the fast bit-vector strategy takes.
            shift = Z3.MkBVSub(First.Registers[relocation], registers[relocation]);
        }

        return SymbolicPreState.FromParts(registers, First.Memory, First.Operands, shift);
    }

    // The bits in `free` come from a fresh constant; the others are s1's.
    private BitVecExpr Loosen(BitVecExpr first, ulong free, RegisterDef register)
    {
        if (free == 0)
        {
            return first;
        }

        var fresh = Z3.MkBVConst("s2_" + register.Name, (uint)register.Width);
        if (free == Concrete.BitOps.Mask(register.Width))
        {
            return fresh;
        }

        var width = (uint)register.Width;
        return Z3.MkBVOR(Z3.MkBVAND(first, Z3.MkBV(~free & Concrete.BitOps.Mask(register.Width), width)), Z3.MkBVAND(fresh, Z3.MkBV(free, width)));
    }
}
