using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Asks Z3 the Popek–Goldberg questions (DESIGN.md §4) about one instruction, in a context of its own so
/// that answers and witnesses do not depend on which worker ran it or what it ran before.
/// </summary>
internal sealed partial class InstructionClassifier
{
    private readonly InstructionProblem _problem;
    private readonly QueryRunner _runner;
    private readonly WitnessFactory _witnesses;
    private readonly string _supervisor;
    private readonly string _guestSupervisor;
    private readonly string _guestUser;

    public InstructionClassifier(Context z3, IsaSpec spec, InstructionDef instruction, StateMasks masks, ConcreteMachine machine, QueryRunner runner, string guestSupervisor)
    {
        _problem = new InstructionProblem(z3, spec, instruction, masks);
        _runner = runner;
        _witnesses = new WitnessFactory(_problem, machine);
        _supervisor = spec.SupervisorMode;
        _guestSupervisor = guestSupervisor;
        _guestUser = spec.Vmm.GuestUserMode;
    }

    private Context Z3 => _problem.Z3;

    private string Name => _problem.Instruction.Name;

    public InstructionClassification Classify()
    {
        var (privileged, runsInSupervisor) = Privileged("privileged", _guestSupervisor);
        var privilegedInGuestUser = _guestUser == _guestSupervisor
            ? privileged
            : Privileged("privileged-in-guest-user", _guestUser).Result;
        var control = ControlSensitive(restrictToUser: false);
        var (behavior, kinds) = BehaviorSensitive();
        var sensitive = Combine(control.Answer, behavior.Answer);
        var user = sensitive == Answer.No
            ? new PropertyResult("user-sensitive", Answer.No, null, "not sensitive in any mode")
            : UserSensitive();
        var instruction = _problem.Instruction;
        var result = new InstructionClassification(
            instruction.Name, instruction.Mnemonic, instruction.Location, instruction.IcedCodes,
            ClassOf(privileged.Answer, sensitive, runsInSupervisor),
            privileged, control, behavior, kinds, user, privilegedInGuestUser, ReadsClock(), []);
        return result with { Claims = ClaimChecker.Check(instruction, result) };
    }

    private static Answer Combine(Answer a, Answer b) =>
        a == Answer.Yes || b == Answer.Yes ? Answer.Yes : a == Answer.Unknown || b == Answer.Unknown ? Answer.Unknown : Answer.No;

    internal static InstructionClass ClassOf(Answer privileged, Answer sensitive, bool runsInSupervisor)
    {
        if (!runsInSupervisor && sensitive == Answer.No)
        {
            return InstructionClass.AlwaysTraps;
        }

        // A privileged instruction is harmless for Theorem 1 whatever its sensitivity, so an unknown
        // sensitivity leaves it privileged (the report shows the sensitivity as unknown).
        return (privileged, sensitive) switch
        {
            (Answer.Yes, _) => InstructionClass.Privileged,
            (Answer.Unknown, _) or (_, Answer.Unknown) => InstructionClass.Unknown,
            (Answer.No, Answer.Yes) => InstructionClass.Critical,
            _ => InstructionClass.Innocuous,
        };
    }

    private bool ReadsClock()
    {
        var clocks = _problem.Spec.Registers.Where(r => r.IsClock).Select(r => r.Index).ToHashSet();
        return clocks.Count > 0 && BodyReads.Registers(_problem.Instruction.Body, _problem.Spec.Registers.Length).Overlaps(clocks);
    }

    private string QueryName(string property) => $"{_problem.Spec.Name}.{Name}.{property}";

    /// <summary>Runs a query; on sat builds the witness, on unsat gives the proof text, else unknown.</summary>
    private PropertyResult Decide(string property, BoolExpr query, Func<Model, Witness> witness, string whenUnsat, Answer whenSat = Answer.Yes)
    {
        return _runner.Check(QueryName(property), query) switch
        {
            QueryOutcome.Sat sat => new PropertyResult(property, whenSat, witness(sat.Model), ""),
            QueryOutcome.Unsat => new PropertyResult(property, whenSat == Answer.Yes ? Answer.No : Answer.Yes, null, whenUnsat),
            QueryOutcome.Unknown unknown => PropertyResult.Unknown(property, $"solver answered unknown: {unknown.Reason}"),
            _ => throw new InvalidOperationException("unexpected solver outcome"),
        };
    }
}
