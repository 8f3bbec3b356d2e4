using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Turns a model into a witness by replaying it on the concrete machine, and checks that the replay shows
/// what the query claimed: first that the pre-states satisfy the question's premise (modes, invariants, Φ,
/// the pairing), then the outcomes. If either fails, that is a <see cref="WitnessReplayException"/>, loudly.
/// </summary>
internal sealed partial class WitnessFactory(InstructionProblem problem, ConcreteMachine machine)
{
    private readonly StateText _text = new(problem.Spec);
    private readonly ConcreteMachine _machine = machine;
    private readonly WitnessPremises _premises = new(problem.Spec, machine, problem.Masks);

    private string Name => problem.Instruction.Name;

    /// <summary>Two states differing only in mode: the instruction runs in both (so it is not privileged).</summary>
    public Witness RunsInBoth(Model model, SymbolicPreState second, PairPremise premise)
    {
        var replay = Replay(model, second, premise);
        Require(!replay.Step1.Trapped && !replay.Step2.Trapped, "expected the instruction to run in both modes");
        var reason = $"{Name} runs without trapping in {_machine.ModeOf(replay.Pre2)} as in {_machine.ModeOf(replay.Pre1)}";
        return replay.Witness(reason, null);
    }

    /// <summary>It runs in the supervisor mode and traps in the guest's mode.</summary>
    public Witness TrapsWhenDeprivileged(Model model, SymbolicPreState second, PairPremise premise)
    {
        var replay = Replay(model, second, premise);
        var memoryTrap = problem.Spec.FindTrap("memory")?.Index;
        Require(!replay.Step1.Trapped && replay.Step2.Trapped && replay.Step2.Trap != memoryTrap, "expected it to run in the first state and trap in the second");
        var reason = $"{Name} traps ({_text.TrapName(replay.Step2)}) in {_machine.ModeOf(replay.Pre2)} where it runs in {_machine.ModeOf(replay.Pre1)}";
        return replay.Witness(reason, null);
    }

    /// <summary>One state in which the instruction runs and changes mode or control state.</summary>
    public Witness ChangesControl(Model model, PairPremise premise)
    {
        var states = new ModelStates(problem.Z3, model);
        var pre = states.State(problem.First);
        var operands = states.Operands(problem.First.Operands);
        RequirePremise(premise, operands, pre, null);
        var post = pre.Clone();
        var touched = new HashSet<ulong>();
        var step = _machine.Step(post, problem.Instruction, operands, touched);
        var changes = _text.Differences(pre.Registers, post.Registers, i => problem.Masks.Mode[i] | problem.Masks.Control[i]);
        Require(!step.Trapped && changes.Length > 0, "expected the instruction to run and change mode or control state");
        var texts = changes.Select(c => c.Text(" → ")).ToImmutableArray();
        var state = new WitnessState("s", _machine.ModeOf(pre), _text.Registers(pre), MemoryUsed(pre, touched), "runs", texts);
        return new Witness($"{Name} in {state.Mode} changes {string.Join(", ", texts)}", [state], NamedOperands(operands), changes[0].Resource);
    }

    /// <summary>Two states with equal user parts in which the instruction gives different user results.</summary>
    public Witness UserResultsDiffer(Model model, SymbolicPreState second, PairKind kind, PairPremise premise)
    {
        var replay = Replay(model, second, premise);
        Require(!replay.Step1.Trapped && !replay.Step2.Trapped, "expected the instruction to run in both states");
        var difference = UserDifference(replay, new ModelStates(problem.Z3, model), problem.Masks.FreeIn(kind));
        Require(difference is not null, "expected the user parts of the results to differ");
        var setup = _text.Differences(replay.Pre1.Registers, replay.Pre2.Registers, _ => ulong.MaxValue).Select(d => d.Text(" vs "));
        var reason = $"{Name} gives {difference!.Value.Text} when {string.Join(", ", setup)}";
        return replay.Witness(reason, difference.Value.Resource);
    }

    private ImmutableArray<NamedValue> NamedOperands(ulong[] operands) =>
        problem.Instruction.Operands.Select(o => new NamedValue(o.Name, operands[o.Index])).ToImmutableArray();

    private static ImmutableArray<NamedValue> MemoryUsed(MachineState pre, HashSet<ulong> touched) =>
        pre.Memory is null
            ? []
            : touched.Order().Select(a => new NamedValue($"mem[{Hex.Format(a)}]", pre.Memory[a])).ToImmutableArray();

    private void RequirePremise(PairPremise premise, ulong[] operands, MachineState first, MachineState? second)
    {
        if (_premises.Violation(premise, problem.Instruction, operands, first, second) is { } violation)
        {
            throw new WitnessReplayException($"{Name}: a witness from Z3 breaks the premise of its question: {violation}");
        }
    }

    private void Require(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new WitnessReplayException($"{Name}: a witness from Z3 does not replay on the concrete machine: {expectation}");
        }
    }
}
