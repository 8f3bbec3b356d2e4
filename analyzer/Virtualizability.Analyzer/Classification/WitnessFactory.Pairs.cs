using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

internal sealed partial class WitnessFactory
{
    private PairReplay Replay(Model model, SymbolicPreState second, PairPremise premise)
    {
        var states = new ModelStates(problem.Z3, model);
        var operands = states.Operands(problem.First.Operands);
        var pre1 = states.State(problem.First);
        var pre2 = states.State(second);
        RequirePremise(premise, operands, pre1, pre2);
        var (post1, post2) = (pre1.Clone(), pre2.Clone());
        var (touched1, touched2) = (new HashSet<ulong>(), new HashSet<ulong>());
        var step1 = _machine.Step(post1, problem.Instruction, operands, touched1);
        var step2 = _machine.Step(post2, problem.Instruction, operands, touched2);
        return new PairReplay(this, operands, pre1, pre2, post1, post2, step1, step2, touched1, touched2);
    }

    /// <summary>"EAX = 0 vs 1" for the first user register bits or program-visible cell that differ.</summary>
    private (string Resource, string Text)? UserDifference(PairReplay replay, ModelStates states, ImmutableArray<ulong> free)
    {
        var registers = _text.Differences(replay.Post1.Registers, replay.Post2.Registers, i => problem.Masks.User[i] & ~free[i]);
        if (registers.Length > 0)
        {
            var first = registers[0];
            return (first.Resource, $"{first.Resource} = {Hex.Format(first.Before)} vs {Hex.Format(first.After)}");
        }

        if (problem.Probe is null || problem.Spec.Memory is not { Role: Role.User } memory || replay.Post1.Memory is null || replay.Post2.Memory is null)
        {
            return null;
        }

        // As in the query (and P&G's e1|r vs e2|r⊕x): through the relocation and bound of the pre-states.
        var probe = states.Value(problem.Probe);
        if (memory.Bound is { } b && (probe >= replay.Pre1.Registers[b] || probe >= replay.Pre2.Registers[b]))
        {
            return null;
        }

        var (cell1, cell2) = (PhysicalAddress(probe, replay.Pre1, memory), PhysicalAddress(probe, replay.Pre2, memory));
        var (value1, value2) = (replay.Post1.Memory[cell1], replay.Post2.Memory[cell2]);
        if (value1 == value2)
        {
            return null;
        }

        var where = memory.Relocation is null ? $"{memory.Name}[{Hex.Format(probe)}]" : $"program address {Hex.Format(probe)}";
        return (where, $"{where} = {Hex.Format(value1)} vs {Hex.Format(value2)}");
    }

    private static ulong PhysicalAddress(ulong programAddress, MachineState state, MemoryDef memory) =>
        memory.Relocation is { } l ? (programAddress + state.Registers[l]) & BitOps.Mask(memory.AddressWidth) : programAddress;

    private sealed record PairReplay(
        WitnessFactory Factory,
        ulong[] Operands,
        MachineState Pre1,
        MachineState Pre2,
        MachineState Post1,
        MachineState Post2,
        StepResult Step1,
        StepResult Step2,
        HashSet<ulong> Touched1,
        HashSet<ulong> Touched2)
    {
        public Witness Witness(string reason, string? resource)
        {
            var text = Factory._text;
            WitnessState State(string label, MachineState pre, MachineState post, StepResult step, HashSet<ulong> touched) => new(
                label,
                Factory._machine.ModeOf(pre),
                text.Registers(pre),
                MemoryUsed(pre, touched),
                text.Outcome(step),
                step.Trapped ? [] : text.Differences(pre.Registers, post.Registers, _ => ulong.MaxValue).Select(d => d.Text(" → ")).ToImmutableArray());
            return new Witness(reason, [State("s1", Pre1, Post1, Step1, Touched1), State("s2", Pre2, Post2, Step2, Touched2)], Factory.NamedOperands(Operands), resource);
        }
    }
}
