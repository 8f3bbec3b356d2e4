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

    private SymbolicPreState PairedState(ImmutableArray<ulong> free) => StatePairs.Paired(Z3, Spec, First, free);
}
