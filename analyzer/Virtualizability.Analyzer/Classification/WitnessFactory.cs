using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Turns a model into a witness by replaying it on the concrete machine, and checks that the replay shows
/// what the query claimed; if it does not, that is a <see cref="WitnessReplayException"/>, loudly.
/// </summary>
internal sealed partial class WitnessFactory(InstructionProblem problem, ConcreteMachine machine)
{
    private readonly StateText _text = new(problem.Spec);
    private readonly ConcreteMachine _machine = machine;

    private string Name => problem.Instruction.Name;

    /// <summary>Two states differing only in mode: the instruction runs in both (so it is not privileged).</summary>
    public Witness RunsInBoth(Model model, SymbolicPreState second)
    {
        var replay = Replay(model, second);
        Require(!replay.Step1.Trapped && !replay.Step2.Trapped, "expected the instruction to run in both modes");
        var reason = $"{Name} runs without trapping in {_machine.ModeOf(replay.Pre2)} as in {_machine.ModeOf(replay.Pre1)}";
        return replay.Witness(reason, null);
    }

    /// <summary>It runs in the supervisor mode and traps in the guest's mode.</summary>
    public Witness TrapsWhenDeprivileged(Model model, SymbolicPreState second)
    {
        var replay = Replay(model, second);
        var memoryTrap = problem.Spec.FindTrap("memory")?.Index;
        Require(!replay.Step1.Trapped && replay.Step2.Trapped && replay.Step2.Trap != memoryTrap, "expected it to run in the first state and trap in the second");
        var reason = $"{Name} traps ({_text.Outcome(replay.Step2)[5..]}) in {_machine.ModeOf(replay.Pre2)} where it runs in {_machine.ModeOf(replay.Pre1)}";
        return replay.Witness(reason, null);
    }

    /// <summary>One state in which the instruction runs and changes mode or control state.</summary>
    public Witness ChangesControl(Model model)
    {
        var states = new ModelStates(problem.Z3, model);
        var pre = states.State(problem.First);
        var operands = states.Operands(problem.First.Operands);
        var post = pre.Clone();
        var step = _machine.Step(post, problem.Instruction, operands);
        var changes = _text.Differences(pre.Registers, post.Registers, i => problem.Masks.Mode[i] | problem.Masks.Control[i]);
        Require(!step.Trapped && changes.Length > 0, "expected the instruction to run and change mode or control state");
        var state = new WitnessState("s", _machine.ModeOf(pre), _text.Registers(pre), MemoryRead(pre, post), "runs", changes);
        return new Witness($"{Name} in {state.Mode} changes {string.Join(", ", changes)}", [state], NamedOperands(operands), changes[0].Split(' ')[0]);
    }

    /// <summary>Two states with equal user parts in which the instruction gives different user results.</summary>
    public Witness UserResultsDiffer(Model model, SymbolicPreState second, PairKind kind)
    {
        var replay = Replay(model, second);
        Require(!replay.Step1.Trapped && !replay.Step2.Trapped, "expected the instruction to run in both states");
        var resource = UserDifference(replay, new ModelStates(problem.Z3, model), problem.Masks.FreeIn(kind));
        Require(resource is not null, "expected the user parts of the results to differ");
        var setup = _text.Differences(replay.Pre1.Registers, replay.Pre2.Registers, _ => ulong.MaxValue, " vs ");
        var reason = $"{Name} gives {resource} when {string.Join(", ", setup)}";
        return replay.Witness(reason, resource!.Split(' ')[0]);
    }

    private ImmutableArray<NamedValue> NamedOperands(ulong[] operands) =>
        problem.Instruction.Operands.Select(o => new NamedValue(o.Name, operands[o.Index])).ToImmutableArray();

    private static ImmutableArray<NamedValue> MemoryRead(MachineState pre, MachineState post) =>
        post.Memory is null || pre.Memory is null
            ? []
            : post.Memory.Cells.Keys.Order().Select(a => new NamedValue($"mem[{StateText.Hex(a)}]", pre.Memory[a])).ToImmutableArray();

    private void Require(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new WitnessReplayException($"{Name}: a witness from Z3 does not replay on the concrete machine: {expectation}");
        }
    }
}
