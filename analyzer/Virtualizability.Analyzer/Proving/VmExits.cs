using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Z3;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Which trap kinds of a spec with VM-execution controls are VM exits: the kinds the virtual machine never
/// raises. A kind is an exit when some instruction's body names it and no instruction raises it in any
/// state that satisfies the invariants and <c>vmm.virtual_state</c> (asked of Z3, per instruction whose
/// body names the kind, until one can); a kind no body names is never raised and is no exit. On
/// x86-32-vtx these are the EXIT_* kinds, raised only when VMX_NONROOT is 1; #GP, #UD, INT n and the rest
/// are the guest's own, which the hardware delivers through the guest's IDT without leaving non-root
/// operation (an empty exception bitmap). A kind that can be neither (an unknown answer) counts as an
/// exit: the VMM then emulates it, which is correct either way, only slower.
/// </summary>
public static class VmExits
{
    private static readonly ConditionalWeakTable<IsaSpec, ImmutableHashSet<int>> Cache = new();

    public static ImmutableHashSet<int> Of(IsaSpec spec) => Cache.GetValue(spec, Compute);

    private static ImmutableHashSet<int> Compute(IsaSpec spec)
    {
        if (spec.Vmm.Embedding.VirtualState is not { } bare)
        {
            return [];
        }

        var raisers = spec.Instructions.Select(i => TrapsNamed(i.Body)).ToArray();
        var exits = ImmutableHashSet.CreateBuilder<int>();
        for (var kind = 0; kind < spec.Traps.Length; kind++)
        {
            var k = kind;
            var candidates = spec.Instructions.Where((_, i) => raisers[i].Contains(k)).ToList();
            if (candidates.Count > 0 && !candidates.Any(i => RaisedOnTheVirtualMachine(spec, bare, i, k)))
            {
                exits.Add(kind);
            }
        }

        return exits.ToImmutable();
    }

    private static bool RaisedOnTheVirtualMachine(IsaSpec spec, BoundExpr bare, InstructionDef instruction, int kind)
    {
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, new SolverLimits());
        var state = SymbolicPreState.Create(z3, spec, instruction.Operands, "v_");
        var outcome = SymbolicExecutor.Execute(z3, spec, instruction, state);
        var premise = spec.Invariants.Select(i => SymbolicExecutor.Condition(z3, spec, i.Condition, state))
            .Append(SymbolicExecutor.Condition(z3, spec, bare, state))
            .Append(SymbolicPreState.OperandDomain(z3, instruction.Operands, state.Operands));
        var query = z3.MkAnd(premise.Append(outcome.TrapConditions[kind]));
        return runner.Check($"{spec.Name}.{instruction.Name}.raises-{spec.Traps[kind].Name}-on-the-virtual-machine", query) is QueryOutcome.Sat;
    }

    // The trap kinds a body names anywhere (the candidates; Z3 decides whether a named trap can be raised).
    private static HashSet<int> TrapsNamed(BoundBody body)
    {
        var kinds = new HashSet<int>();
        var pending = new Stack<BoundStmt>(body.Statements);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case TrapBound trap:
                    kinds.Add(trap.Kind);
                    break;
                case IfBound branch:
                    foreach (var inner in branch.Then.Concat(branch.Else))
                    {
                        pending.Push(inner);
                    }

                    break;
            }
        }

        return kinds;
    }
}
