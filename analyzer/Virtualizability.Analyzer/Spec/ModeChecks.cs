using Microsoft.Z3;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// The modes partition the states the spec allows: each mode's <c>when</c> holds in some state that satisfies
/// the invariants, and no state is in two modes. A mode that can never hold would make every question about
/// it vacuous; two modes that overlap would let a state be "supervisor" and "user" at once, and the
/// privileged question would then find the same state running in both. Both are spec errors at the
/// <c>when</c> that causes them, found with Z3 while the spec loads (so `virt validate` reports them too).
/// </summary>
internal static class ModeChecks
{
    // Checks of the spec, not of an instruction: tiny queries with a budget of their own (as SpecPremises).
    private const uint ResourceLimit = 50_000_000;

    public static void Check(IsaSpec spec, DiagnosticBag diagnostics)
    {
        if (!Z3Environment.TryCheck(out var problem))
        {
            diagnostics.Add(spec.Modes.FirstOrDefault()?.Location ?? new SourceLocation(spec.File, 0, 0), $"cannot check that the modes are satisfiable and disjoint: Z3 is not usable: {problem}");
            return;
        }

        using var z3 = new Context();
        var runner = new QueryRunner(z3, new SolverLimits(ResourceLimit: ResourceLimit));
        var state = SymbolicPreState.Create(z3, spec, [], "s_");
        BoolExpr Holds(BoundExpr condition) => SymbolicExecutor.Condition(z3, spec, condition, state);
        var invariants = z3.MkAnd(spec.Invariants.Select(i => Holds(i.Condition)).Prepend(z3.MkTrue()));
        var when = spec.Modes.Select(m => Holds(m.When)).ToList();
        var holding = new List<int>();
        for (var i = 0; i < spec.Modes.Length; i++)
        {
            var mode = spec.Modes[i];
            switch (runner.Check($"{spec.Name}.mode.{mode.Name}", z3.MkAnd(invariants, when[i])))
            {
                case QueryOutcome.Sat:
                    holding.Add(i);
                    break;
                case QueryOutcome.Unsat:
                    diagnostics.Add(At(mode), $"mode '{mode.Name}' can never hold: no state satisfies its condition ({mode.Text}) together with the invariants");
                    break;
                case QueryOutcome.Unknown unknown:
                    diagnostics.Add(At(mode), $"cannot decide whether mode '{mode.Name}' can hold: the solver answered unknown ({unknown.Reason})");
                    break;
            }
        }

        foreach (var (i, j) in holding.SelectMany((i, k) => holding.Skip(k + 1).Select(j => (i, j))))
        {
            var (first, second) = (spec.Modes[i], spec.Modes[j]);
            switch (runner.Check($"{spec.Name}.modes.{first.Name}.{second.Name}", z3.MkAnd(invariants, when[i], when[j])))
            {
                case QueryOutcome.Sat sat:
                    diagnostics.Add(At(second), $"modes '{first.Name}' and '{second.Name}' overlap: a state can be in both ({Example(spec, state, sat.Model)}); each state must be in at most one mode");
                    break;
                case QueryOutcome.Unknown unknown:
                    diagnostics.Add(At(second), $"cannot decide whether modes '{first.Name}' and '{second.Name}' overlap: the solver answered unknown ({unknown.Reason})");
                    break;
            }
        }
    }

    private static SourceLocation At(ModeDef mode) => mode.WhenLocation ?? mode.Location;

    // The mode state of the model (where the spec has one), so the overlap is concrete: "CPL = 0x1".
    private static string Example(IsaSpec spec, SymbolicPreState state, Model model)
    {
        var values = spec.Registers
            .Select((r, k) => (r, k))
            .Where(x => x.r.Role == Role.Mode || x.r.Fields.Any(f => f.Role == Role.Mode))
            .Select(x => $"{x.r.Name} = {Hex.Format(((BitVecNum)model.Eval(state.Registers[x.k], true)).UInt64)}")
            .ToList();
        return values.Count == 0 ? "whatever the state" : "for example " + string.Join(", ", values);
    }
}
