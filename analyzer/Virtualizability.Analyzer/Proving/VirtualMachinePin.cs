using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// The register bits <c>vmm.virtual_state</c> reads, with their values in one model of it and the
/// invariants. Random start states take these bits, so that they are states of the virtual machine: a
/// random state almost never has, say, every VM-execution control clear and a 32-bit mask of 0.
/// </summary>
public sealed record VirtualMachinePin(ImmutableArray<ulong> Mask, ImmutableArray<ulong> Values)
{
    /// <summary>Null when the spec has no virtual_state or it has no model with the invariants.</summary>
    public static VirtualMachinePin? Of(IsaSpec spec)
    {
        if (spec.Vmm.Embedding.VirtualState is not { } bare)
        {
            return null;
        }

        using var z3 = new Context();
        var state = SymbolicPreState.Create(z3, spec, [], "v_");
        using var solver = z3.MkSolver();
        solver.Assert(SymbolicExecutor.Condition(z3, spec, bare, state));
        solver.Assert(spec.Invariants.Select(i => SymbolicExecutor.Condition(z3, spec, i.Condition, state)).ToArray());
        if (solver.Check() != Status.SATISFIABLE)
        {
            return null;
        }

        var values = state.Registers.Select(r => ((BitVecNum)solver.Model.Eval(r, true)).UInt64).ToImmutableArray();
        return new VirtualMachinePin([.. RegisterBits.Of(bare, spec.Registers.Length)], values);
    }

    public void Apply(ulong[] registers)
    {
        for (var i = 0; i < registers.Length; i++)
        {
            registers[i] = (registers[i] & ~Mask[i]) | (Values[i] & Mask[i]);
        }
    }
}
