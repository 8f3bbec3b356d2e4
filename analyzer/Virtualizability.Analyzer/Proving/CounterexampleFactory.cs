using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Turns a model of a failed obligation into a counterexample by replaying it on the concrete machine: the
/// states must satisfy the embedding's premise, and the outcomes must show the failure the query claimed.
/// Otherwise it is a <see cref="WitnessReplayException"/> (an internal error, exit 70), never a result.
/// </summary>
internal sealed class CounterexampleFactory(EmbeddingProblem problem, ConcreteMachine machine)
{
    private readonly StateText _text = new(problem.Spec);
    private readonly EmbeddingPremises _premises = new(problem.Embedding, machine);

    private Embedding Embedding => problem.Embedding;

    private string Name => problem.Instruction.Name;

    public Counterexample Create(ObligationKind kind, Model model)
    {
        var states = new ModelStates(problem.Z3, model);
        var operands = states.Operands(problem.Virtual.Operands);
        var (v, r) = (states.State(problem.Virtual), states.State(problem.Real));
        if (_premises.Violation(problem.Instruction, operands, problem.VirtualMode, v, r, problem.Setting) is { } violation)
        {
            throw new WitnessReplayException($"{Name}: a counterexample from Z3 breaks the embedding: {violation}");
        }

        var (v2, r2) = (v.Clone(), r.Clone());
        var (touchedV, touchedR) = (new HashSet<ulong>(), new HashSet<ulong>());
        var stepV = machine.Step(v2, problem.Instruction, operands, touchedV);
        var stepR = machine.Step(r2, problem.Instruction, operands, touchedR);
        var probe = problem.Probe is null ? 0 : states.Value(problem.Probe);
        var (resource, reason) = Claim(kind, v, r, v2, r2, stepV, stepR, probe)
            ?? throw new WitnessReplayException($"{Name}: a counterexample from Z3 does not replay on the concrete machine: expected {Obligation.Ids[(int)kind]} to fail");
        var named = problem.Instruction.Operands.Select(o => new NamedValue(o.Name, operands[o.Index])).ToImmutableArray();
        return new Counterexample(
            $"{Name} with virtual {machine.ModeOf(v)} run in real {machine.ModeOf(r)}: {reason}",
            State("virtual", v, v2, stepV, touchedV, null, null), State("real", r, r2, stepR, touchedR, v, touchedV), named, resource);
    }

    // The failure the obligation's query claimed, as (resource, sentence), or null when the replay does not show it.
    private (string, string)? Claim(ObligationKind kind, MachineState v, MachineState r, MachineState v2, MachineState r2, StepResult stepV, StepResult stepR, ulong probe)
    {
        var bothRun = !stepV.Trapped && !stepR.Trapped;
        return kind switch
        {
            ObligationKind.EqTrap when !stepR.Trapped && stepV.Trapped =>
                ("trap", $"runs on the real machine, traps ({_text.TrapName(stepV)}) on the virtual one"),
            ObligationKind.EqUser when bothRun => UserDifference(v, r, v2, r2, probe),
            ObligationKind.EqHidden when bothRun => First(_text.Differences(v.Registers, v2.Registers, i => Embedding.Owned[i]), "the virtual machine changes {0}, which the VMM does not see")
                ?? First(_text.Differences(v2.Registers, r2.Registers, i => Embedding.Passthrough[i]), "passed-through {0} (virtual vs real)"),
            ObligationKind.RcControl when !stepR.Trapped => First(_text.Differences(r.Registers, r2.Registers, i => Embedding.Owned[i]), "the real machine changes {0}"),
            ObligationKind.RcMemory when !stepR.Trapped && Reserved(r, probe) && r.Memory![probe] != r2.Memory![probe] =>
                ($"mem[{Hex.Format(probe)}]", $"writes the VMM's cell mem[{Hex.Format(probe)}] ({Hex.Format(r.Memory[probe])} → {Hex.Format(r2.Memory[probe])})"),
            ObligationKind.Eff when stepR.Trapped && !stepV.Trapped =>
                ("trap", $"traps ({_text.TrapName(stepR)}) on the real machine, runs on the virtual one"),
            _ => null,
        };
    }

    private static (string, string)? First(ImmutableArray<StateDifference> differences, string format) =>
        differences.IsEmpty ? null : (differences[0].Resource, string.Format(format, string.Join(", ", differences.Select(d => d.Text(" → ")))));

    private (string, string)? UserDifference(MachineState v, MachineState r, MachineState v2, MachineState r2, ulong probe)
    {
        var registers = _text.Differences(v2.Registers, r2.Registers, i => Embedding.ComparedUser[i]);
        if (!registers.IsEmpty)
        {
            var d = registers[0];
            return (d.Resource, $"{d.Resource} = {Hex.Format(d.Before)} virtually vs {Hex.Format(d.After)} really");
        }

        if (problem.Spec.Memory is not { } memory || v2.Memory is null || r2.Memory is null)
        {
            return null;
        }

        if (memory.Bound is { } b && (probe >= v.Registers[b] || probe >= r.Registers[b]))
        {
            return null;
        }

        ulong Physical(MachineState s) => memory.Relocation is { } l ? (probe + s.Registers[l]) & BitOps.Mask(memory.AddressWidth) : probe;
        var (virtualCell, realCell) = (v2.Memory[Physical(v)], r2.Memory[Physical(r)]);
        var where = memory.Relocation is null ? $"{memory.Name}[{Hex.Format(probe)}]" : $"program address {Hex.Format(probe)}";
        return virtualCell == realCell ? null : (where, $"{where} = {Hex.Format(virtualCell)} virtually vs {Hex.Format(realCell)} really");
    }

    private bool Reserved(MachineState r, ulong address)
    {
        if (problem.Spec.Vmm.Embedding.ReservedMemory is { } declared)
        {
            return machine.Holds(declared, r, [address]);
        }

        return problem.Spec.Memory is { Relocation: { } l, Bound: { } b, AddressWidth: var width }
            && ((address - r.Registers[l]) & BitOps.Mask(width)) >= r.Registers[b];
    }

    // The virtual state lists its registers that are not 0 and the cells it read, the real one only the
    // registers and cells that differ from what the virtual state's list gives (a cell only the real run read
    // is listed): the reports say so, snapshots stay reviewable, and both states can be rebuilt from the lists.
    private WitnessState State(string label, MachineState pre, MachineState post, StepResult step, HashSet<ulong> touched, MachineState? relativeTo, HashSet<ulong>? listedThere)
    {
        var registers = problem.Spec.Registers
            .Where(x => pre.Registers[x.Index] != (relativeTo?.Registers[x.Index] ?? 0))
            .Select(x => new NamedValue(x.Name, pre.Registers[x.Index])).ToImmutableArray();
        var memory = pre.Memory is null ? [] : touched.Order()
            .Where(a => relativeTo?.Memory is not { } other || listedThere?.Contains(a) != true || other[a] != pre.Memory[a])
            .Select(a => new NamedValue($"mem[{Hex.Format(a)}]", pre.Memory[a])).ToImmutableArray();
        var changes = step.Trapped ? [] : _text.Differences(pre.Registers, post.Registers, _ => ulong.MaxValue).Select(d => d.Text(" → ")).ToImmutableArray();
        return new WitnessState(label, machine.ModeOf(pre), registers, memory, _text.Outcome(step), changes);
    }
}
