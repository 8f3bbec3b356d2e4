using Microsoft.Z3;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// No vacuous answers: before any instruction is classified, the premises the questions rest on must have
/// a model for the chosen guest modes. The privileged question assumes a pair of states that differ only in
/// mode, one in the supervisor mode and one in a guest mode, with the invariants and Φ holding in both; the
/// user-mode questions assume a state in the guest user mode that satisfies the invariants. If one of
/// these is unsatisfiable, every "no" (and every "always traps") would hold vacuously: that is a spec error
/// at the vmm.keeps or mode condition that makes it so, never an answer.
/// </summary>
public static class SpecPremises
{
    // These are checks of the spec, not of an instruction: small queries with a budget of their own, so a
    // tiny --rlimit meant for the instruction queries does not leave them undecided.
    private const uint ResourceLimit = 50_000_000;

    /// <summary>Throws a <see cref="SpecException"/> for an unsatisfiable premise, <see cref="PremiseUnknownException"/> if Z3 cannot tell.</summary>
    public static void Check(IsaSpec spec, string guestSupervisor, SolverLimits limits, CancellationToken cancellation = default)
    {
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, limits with { ResourceLimit = ResourceLimit }, cancellation);
        var masks = StateMasks.Of(spec);
        var first = SymbolicPreState.Create(z3, spec, [], "s1_");
        var second = StatePairs.Paired(z3, spec, first, masks.FreeIn(PairKind.Mode));
        BoolExpr Holds(Semantics.BoundExpr condition, SymbolicPreState state) => SymbolicExecutor.Condition(z3, spec, condition, state);
        BoolExpr Mode(string name, SymbolicPreState state) => Holds(spec.FindMode(name)!.When, state);
        BoolExpr Invariants(SymbolicPreState state) => z3.MkAnd(spec.Invariants.Select(i => Holds(i.Condition, state)).Prepend(z3.MkTrue()));
        var invariants = Invariants(first);
        var keeps = Holds(spec.Vmm.Keeps, first);
        var errors = new List<Diagnostic>();
        var keepsAt = spec.Vmm.KeepsLocation ?? spec.Vmm.Location;

        void Require(string name, BoolExpr premise, SourceLocation location, string message)
        {
            if (errors.Count > 0)
            {
                return;
            }

            switch (runner.Check($"{spec.Name}.premise.{name}", premise))
            {
                case QueryOutcome.Unsat:
                    errors.Add(new Diagnostic(location, message));
                    break;
                case QueryOutcome.Unknown unknown:
                    throw new PremiseUnknownException($"{spec.Name}: cannot decide whether {message.Replace("no ", "any ", StringComparison.Ordinal)}: solver answered unknown: {unknown.Reason}");
            }
        }

        Require("keeps", z3.MkAnd(invariants, keeps), keepsAt, $"no state satisfies both the invariants and vmm.keeps ({spec.Vmm.KeepsText})");
        foreach (var mode in new[] { spec.SupervisorMode, guestSupervisor, spec.Vmm.GuestUserMode }.Distinct())
        {
            var def = spec.FindMode(mode)!;
            Require($"{mode}", z3.MkAnd(invariants, Mode(mode, first)), def.WhenLocation ?? def.Location, $"no state in mode {mode} satisfies the invariants");
            Require($"{mode}-keeps", z3.MkAnd(invariants, keeps, Mode(mode, first)), keepsAt, $"no state in mode {mode} satisfies the invariants and vmm.keeps ({spec.Vmm.KeepsText})");
        }

        foreach (var guest in new[] { guestSupervisor, spec.Vmm.GuestUserMode }.Distinct())
        {
            var pair = z3.MkAnd(
                invariants, keeps, Mode(spec.SupervisorMode, first),
                Invariants(second), Holds(spec.Vmm.Keeps, second), Mode(guest, second));
            Require($"pair-{guest}", pair, keepsAt, $"no two states that differ only in mode, one in {spec.SupervisorMode} and one in {guest}, both satisfy the invariants and vmm.keeps ({spec.Vmm.KeepsText}), so whether an instruction is privileged for {guest} would be vacuous");
        }

        if (errors.Count > 0)
        {
            throw new SpecException(errors);
        }
    }
}

/// <summary>Z3 could not decide whether a premise of the questions is satisfiable: the analysis cannot start honestly.</summary>
public sealed class PremiseUnknownException(string message) : Exception(message);
