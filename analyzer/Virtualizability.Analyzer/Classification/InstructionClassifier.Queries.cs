using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Classification;

internal sealed partial class InstructionClassifier
{
    /// <summary>
    /// Privileged with respect to a deprivileged mode: whenever it runs in the supervisor mode, it traps in
    /// <paramref name="guest"/> (same state but for the mode, Φ holding, no memory trap). Returns also
    /// whether it can run in the supervisor mode at all. Theorem 1 asks it for the mode that runs virtual
    /// supervisor code, Theorem 3 for the mode that runs virtual user code.
    /// </summary>
    private (PropertyResult Result, bool RunsInSupervisor) Privileged(string property, string guest)
    {
        var (second, secondOutcome) = _problem.Pair(PairKind.Mode);
        var setup = Z3.MkAnd(
            _problem.Domain,
            _problem.Invariants(_problem.First), _problem.Invariants(second),
            _problem.Keeps(_problem.First), _problem.Keeps(second),
            _problem.InMode(_supervisor, _problem.First), _problem.InMode(guest, second),
            _problem.FirstOutcome.Completes, Z3.MkNot(_problem.MemoryTraps(secondOutcome)));
        var premise = new PairPremise(_supervisor, guest, UsesKeeps: true, PairKind.Mode);
        var runsInBoth = Decide(
            property, Z3.MkAnd(setup, secondOutcome.Completes), m => _witnesses.RunsInBoth(m, second, premise),
            "", whenSat: Answer.No);
        if (runsInBoth.Answer != Answer.Yes)
        {
            return (runsInBoth, true);
        }

        // Unsat so far could be vacuous; a state where it runs as supervisor and traps as guest shows it is
        // not. The premise itself (invariants, Φ and both modes) is satisfiable: SpecPremises checked it.
        return _runner.Check(QueryName(property + "-trap"), Z3.MkAnd(setup, Z3.MkNot(secondOutcome.Completes))) switch
        {
            QueryOutcome.Sat sat => (runsInBoth with { Witness = _witnesses.TrapsWhenDeprivileged(sat.Model, second, premise), Explanation = $"proved: in every state where it runs in {_supervisor} it traps in {guest}" }, true),
            QueryOutcome.Unsat => (new PropertyResult(property, Answer.No, null, $"proved: it never runs in {_supervisor} under the VMM's constraint, so it always traps"), false),
            QueryOutcome.Unknown u => (PropertyResult.Unknown(property, $"solver answered unknown: {u.Reason}"), true),
            _ => throw new InvalidOperationException("unexpected solver outcome"),
        };
    }

    private PropertyResult ControlSensitive(bool restrictToUser)
    {
        var query = Z3.MkAnd(
            _problem.Domain, _problem.Invariants(_problem.First), _problem.FirstOutcome.Completes,
            _problem.ChangesModeOrControl(_problem.First, _problem.FirstOutcome));
        if (restrictToUser)
        {
            query = Z3.MkAnd(query, _problem.InMode(_guestUser, _problem.First));
        }

        var where = restrictToUser ? $" in {_guestUser}" : "";
        var premise = PairPremise.Single(restrictToUser ? _guestUser : null);
        return Decide(restrictToUser ? "user-control-sensitive" : "control-sensitive", query, m => _witnesses.ChangesControl(m, premise),
            $"proved: no state{where} in which it runs changes mode or control state");
    }

    /// <summary>
    /// Behavior-sensitive, by sub-kind first: the narrower pairs are easier for the solver and name the
    /// cause. Only when none of them shows a difference is the general pair (all but the user part may
    /// differ) asked; its proof covers every sub-kind, and its witness is a mixed cause.
    /// </summary>
    private (PropertyResult Result, ImmutableArray<PropertyResult> Kinds) BehaviorSensitive()
    {
        var kinds = new List<(string Name, PairKind Kind)> { ("mode-sensitive", PairKind.Mode), ("configuration-sensitive", PairKind.Configuration) };
        if (_problem.Spec.Memory is { Relocation: not null })
        {
            kinds.Insert(1, ("location-sensitive", PairKind.Placement));
        }

        var results = kinds.Select(k => UserResultsDiffer(k.Name, k.Kind, restrictToUser: false)).ToImmutableArray();
        if (results.FirstOrDefault(r => r.Answer == Answer.Yes) is { } shown)
        {
            return (shown with { Property = "behavior-sensitive" }, results);
        }

        var any = UserResultsDiffer("behavior-sensitive", PairKind.AllButUser, restrictToUser: false);
        if (any.Answer == Answer.No)
        {
            // No difference under any pair means none under each narrower one either.
            results = results.Select(r => r.Answer == Answer.Unknown ? r with { Answer = Answer.No, Explanation = any.Explanation } : r).ToImmutableArray();
        }

        return (any, results);
    }

    /// <summary>Theorem 3's question: sensitive when both runs are in the (virtual) user mode.</summary>
    private PropertyResult UserSensitive()
    {
        var control = ControlSensitive(restrictToUser: true);
        if (control.Answer == Answer.Yes)
        {
            return control with { Property = "user-sensitive" };
        }

        var behavior = UserResultsDiffer("user-behavior-sensitive", PairKind.ControlOnly, restrictToUser: true);
        var answer = Combine(control.Answer, behavior.Answer);
        return answer == Answer.Yes
            ? behavior with { Property = "user-sensitive" }
            : new PropertyResult("user-sensitive", answer, null,
                answer == Answer.No ? $"proved: in {_guestUser} it neither changes mode or control state nor depends on control state" : $"{control.Explanation} {behavior.Explanation}".Trim());
    }

    private PropertyResult UserResultsDiffer(string property, PairKind kind, bool restrictToUser)
    {
        var (second, secondOutcome) = _problem.Pair(kind);
        var query = Z3.MkAnd(
            _problem.Domain,
            _problem.Invariants(_problem.First), _problem.Invariants(second),
            _problem.FirstOutcome.Completes, secondOutcome.Completes,
            _problem.UserPartsDiffer(_problem.FirstOutcome, second, secondOutcome, kind));
        if (restrictToUser)
        {
            query = Z3.MkAnd(query, _problem.InMode(_guestUser, _problem.First), _problem.InMode(_guestUser, second));
        }

        var mode = restrictToUser ? _guestUser : null;
        var premise = new PairPremise(mode, mode, UsesKeeps: false, kind);
        return Decide(property, query, m => _witnesses.UserResultsDiffer(m, second, kind, premise), $"proved: {Describe(kind)} never changes its user-visible result");
    }

    private static string Describe(PairKind kind) => kind switch
    {
        PairKind.Mode => "the mode",
        PairKind.Placement => "where the program is placed",
        PairKind.Configuration => "the control state",
        PairKind.ControlOnly => "the control state in user mode",
        _ => "the mode or control state",
    };
}
