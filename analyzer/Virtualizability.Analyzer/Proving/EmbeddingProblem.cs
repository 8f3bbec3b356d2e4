using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// One instruction's obligations in one Z3 context: a symbolic virtual state v, the real state r the
/// embedding puts it in (v's bits except those the VMM chooses; memory placed through the VMM's relocation),
/// both outcomes under the same operands, and the premise relating them.
/// </summary>
internal sealed class EmbeddingProblem
{
    public EmbeddingProblem(Context z3, Embedding embedding, InstructionDef instruction, string? virtualMode, ControlSetting? setting = null)
    {
        Setting = setting;
        Z3 = z3;
        Embedding = embedding;
        Instruction = instruction;
        VirtualMode = virtualMode;
        Virtual = SymbolicPreState.Create(z3, Spec, instruction.Operands, "v_");
        Real = StatePairs.Paired(z3, Spec, Virtual, embedding.Chosen);
        VirtualOutcome = SymbolicExecutor.Execute(z3, Spec, instruction, Virtual);
        RealOutcome = SymbolicExecutor.Execute(z3, Spec, instruction, Real);
        Probe = Spec.Memory is { } m ? z3.MkBVConst("probe", (uint)m.AddressWidth) : null;
        Premise = BuildPremise();
    }

    public Context Z3 { get; }

    public Embedding Embedding { get; }

    public IsaSpec Spec => Embedding.Spec;

    public InstructionDef Instruction { get; }

    /// <summary>The virtual mode the obligations are restricted to (hybrid: the virtual user mode), or null for all.</summary>
    public string? VirtualMode { get; }

    /// <summary>Hardware assistance: the value of each VM-execution control in the real state.</summary>
    public ControlSetting? Setting { get; }

    public SymbolicPreState Virtual { get; }

    public SymbolicPreState Real { get; }

    public SymbolicOutcome VirtualOutcome { get; }

    public SymbolicOutcome RealOutcome { get; }

    /// <summary>A program address (for EQ-USER) or a real address (for RC-MEMORY) at which memories are compared.</summary>
    public BitVecExpr? Probe { get; }

    public BoolExpr Premise { get; }

    public BoolExpr Formula(ObligationKind kind)
    {
        var runsDirectly = RealOutcome.Completes;
        return kind switch
        {
            ObligationKind.EqTrap => Z3.MkAnd(Premise, runsDirectly, Z3.MkNot(VirtualOutcome.Completes)),
            ObligationKind.EqUser => Z3.MkAnd(Premise, runsDirectly, VirtualOutcome.Completes, UserDiffers()),
            ObligationKind.EqHidden => Z3.MkAnd(Premise, runsDirectly, VirtualOutcome.Completes, Z3.MkOr(
                Differ(Virtual.Registers, VirtualOutcome.Registers, Embedding.Owned),
                Differ(RealOutcome.Registers, VirtualOutcome.Registers, Embedding.Passthrough))),
            ObligationKind.RcControl => Z3.MkAnd(Premise, runsDirectly, Differ(Real.Registers, RealOutcome.Registers, Embedding.Owned)),
            ObligationKind.RcMemory => Z3.MkAnd(Premise, runsDirectly, WritesReserved()),
            ObligationKind.Eff => Z3.MkAnd(Premise, Z3.MkNot(runsDirectly), VirtualOutcome.Completes),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private BoolExpr BuildPremise()
    {
        var parts = new List<BoolExpr>
        {
            SymbolicPreState.OperandDomain(Z3, Instruction.Operands, Virtual.Operands),
            Invariants(Virtual), Invariants(Real),
        };
        // Φ (vmm.keeps) is what a deprivileging VMM keeps true of the real control state. Under hardware
        // assistance the guest owns the state passed through to it, so Φ there is the control setting and
        // the allocation; the spec's keeps (its classical VMM's) would wrongly restrict the guest's own state.
        if (Setting is null)
        {
            parts.Add(Condition(Spec.Vmm.Keeps, Real));
        }

        if (Spec.Vmm.Embedding.Allocates is { } allocates)
        {
            parts.Add(Condition(allocates, Real));
        }

        if (Spec.Vmm.Embedding.VirtualState is { } bare)
        {
            parts.Add(Condition(bare, Virtual));
        }

        if (Setting is { } setting)
        {
            parts.Add(setting.Holds(Z3, Spec, Real));
        }

        // Each virtual mode runs in the real mode the map gives it.
        parts.AddRange(Embedding.ModeMap.Select(m => Z3.MkImplies(InMode(m.Key, Virtual), InMode(m.Value, Real))));
        if (VirtualMode is { } mode)
        {
            parts.Add(InMode(mode, Virtual));
        }

        return Z3.MkAnd(parts);
    }

    public BoolExpr InMode(string mode, SymbolicPreState state) => Condition(Spec.FindMode(mode)!.When, state);

    private BoolExpr Invariants(SymbolicPreState state) =>
        Z3.MkAnd(Spec.Invariants.Select(i => Condition(i.Condition, state)).Prepend(Z3.MkTrue()));

    private BoolExpr Condition(Semantics.BoundExpr condition, SymbolicPreState state) =>
        SymbolicExecutor.Condition(Z3, Spec, condition, state);

    private BoolExpr Differ(IReadOnlyList<BitVecExpr> a, IReadOnlyList<BitVecExpr> b, IReadOnlyList<ulong> masks)
    {
        var differences = Spec.Registers.Where(r => masks[r.Index] != 0).Select(r => BitsDiffer(a[r.Index], b[r.Index], masks[r.Index], r.Width)).ToArray();
        return differences.Length == 0 ? Z3.MkFalse() : Z3.MkOr(differences);
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

    /// <summary>A compared user bit, or the program's memory at <see cref="Probe"/>, differs between the outcomes.</summary>
    private BoolExpr UserDiffers()
    {
        var registers = Differ(VirtualOutcome.Registers, RealOutcome.Registers, Embedding.ComparedUser);
        return Probe is null || VirtualOutcome.Memory is null || RealOutcome.Memory is null
            ? registers
            : Z3.MkOr(registers, ProgramMemoryDiffers());
    }

    // As the classifier compares memories (P&G's e1|r vs e2|r⊕x): through the pre-states' relocation and bound.
    private BoolExpr ProgramMemoryDiffers()
    {
        var memory = Spec.Memory!;
        BitVecExpr Physical(SymbolicPreState s) => memory.Relocation is { } l ? Z3.MkBVAdd(Probe!, s.Registers[l]) : Probe!;
        var differs = Z3.MkNot(Z3.MkEq(
            ReadOverWrite.Select(Z3, VirtualOutcome.Memory!, Virtual.MemoryIndex(Z3, Physical(Virtual))),
            ReadOverWrite.Select(Z3, RealOutcome.Memory!, Real.MemoryIndex(Z3, Physical(Real)))));
        return memory.Bound is { } b
            ? Z3.MkAnd(Z3.MkBVULT(Probe!, Virtual.Registers[b]), Z3.MkBVULT(Probe!, Real.Registers[b]), differs)
            : differs;
    }

    /// <summary>The real outcome's memory differs from the real pre-state's at a cell the VMM keeps for itself.</summary>
    private BoolExpr WritesReserved()
    {
        if (Probe is null || Real.Memory is null || RealOutcome.Memory is null || Reserved(Probe) is not { } reserved)
        {
            return Z3.MkFalse();
        }

        var index = Real.MemoryIndex(Z3, Probe);
        return Z3.MkAnd(reserved, Z3.MkNot(Z3.MkEq(ReadOverWrite.Select(Z3, RealOutcome.Memory, index), ReadOverWrite.Select(Z3, Real.Memory, index))));
    }

    /// <summary>The VMM's memory at a real address: declared, or outside the relocation-bounds window, or none (null).</summary>
    public BoolExpr? Reserved(BitVecExpr address)
    {
        if (Spec.Vmm.Embedding.ReservedMemory is { } declared)
        {
            return SymbolicExecutor.Condition(Z3, Spec, declared, SymbolicPreState.FromParts(Real.Registers, Real.Memory, [address], Real.MemoryShift));
        }

        return Spec.Memory is { Relocation: { } l, Bound: { } b }
            ? Z3.MkBVUGE(Z3.MkBVSub(address, Real.Registers[l]), Real.Registers[b])
            : null;
    }
}
