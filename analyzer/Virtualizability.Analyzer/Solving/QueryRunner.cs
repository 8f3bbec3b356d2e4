using System.Diagnostics;
using Microsoft.Z3;

namespace Virtualizability.Analyzer.Solving;

/// <summary>
/// The solver boundary: runs one query in the caller's context with the configured limits, optionally
/// writes it as SMT-LIB so it can be re-checked with another solver, and times it. A cancelled token
/// interrupts Z3 in the middle of a query; the query then throws <see cref="OperationCanceledException"/>
/// instead of answering unknown, so a cancelled run is never mistaken for a result. Dispose the runner
/// before its context, so that no interrupt can reach a deleted context.
/// </summary>
public sealed class QueryRunner(Context z3, SolverLimits limits, CancellationToken cancellation = default) : IDisposable
{
    // A resource budget, not a time: whether the fast attempt succeeds must not depend on machine load,
    // or results would. About ten times what the hardest shipped query needs.
    private const uint FastAttemptResourceLimit = 5_000_000;

    private readonly List<(string Name, double Milliseconds)> _timings = new();

    // Z3_interrupt is the one call Z3 documents as safe from another thread.
    private readonly CancellationTokenRegistration _interrupt = cancellation.Register(z3.Interrupt);

    /// <summary>Each query's name and how long Z3 took on it.</summary>
    public IReadOnlyList<(string Name, double Milliseconds)> Timings => _timings;

    /// <summary>How many queries the fast attempt left to the general solver.</summary>
    public int GeneralSolverRuns { get; private set; }

    public void Dispose() => _interrupt.Dispose();

    public QueryOutcome Check(string name, BoolExpr formula)
    {
        cancellation.ThrowIfCancellationRequested();
        limits.Observer?.Invoke(name, formula);
        if (limits.Smt2Directory is { } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, Smt2FileName(name)), $"; {name}\n{Smt2(formula)}(check-sat)\n");
        }

        var watch = Stopwatch.StartNew();
        // Arrays turned into functions and then Ackermannized make most queries pure bit-vector problems,
        // which Z3 solves far faster; where that strategy gives up, the general solver decides.
        // It gives up at once on what it cannot translate (if-then-else of arrays).
        // Solvers are released as soon as they have answered: left to the finalizer, each would keep its
        // search state until the context is deleted (the Z3 bridge defers finalizer releases), and later
        // queries beside that state ran about twice as slow.
        QueryOutcome outcome;
        using (var fast = FastSolver())
        {
            outcome = Solve(fast, formula, Math.Min(limits.ResourceLimit ?? uint.MaxValue, FastAttemptResourceLimit));
        }

        // A user's resource limit that the fast attempt already used up would be used up again by the
        // general solver, only more slowly: such a query is unknown at once.
        if (outcome is QueryOutcome.Unknown && !(limits.ResourceLimit <= FastAttemptResourceLimit && IsResourceLimit(outcome)))
        {
            GeneralSolverRuns++;
            using var general = z3.MkSolver();
            outcome = Solve(general, formula, limits.ResourceLimit);
        }

        _timings.Add((name, watch.Elapsed.TotalMilliseconds));
        return outcome;
    }

    private static bool IsResourceLimit(QueryOutcome outcome) =>
        outcome is QueryOutcome.Unknown { Reason: var reason } && reason.Contains("resource", StringComparison.OrdinalIgnoreCase);

    private Solver FastSolver() => z3.MkSolver(z3.Then(
        z3.MkTactic("simplify"), z3.MkTactic("bvarray2uf"), z3.MkTactic("ackermannize_bv"), z3.MkTactic("simplify"), z3.MkTactic("smt")));

    private QueryOutcome Solve(Solver solver, BoolExpr formula, uint? resourceLimit)
    {
        // ctrl_c off: by default Z3 installs its own SIGINT handler while it solves, and a Ctrl-C landing
        // then only cancels that one query instead of reaching virt's handler, which stops the whole run.
        var parameters = z3.MkParams().Add("timeout", limits.TimeoutMilliseconds).Add("ctrl_c", false);
        if (resourceLimit is { } rlimit)
        {
            parameters.Add("rlimit", rlimit);
        }

        solver.Parameters = parameters;
        solver.Assert(formula);
        Status status;
        try
        {
            status = solver.Check();
        }
        catch (Z3Exception) when (cancellation.IsCancellationRequested)
        {
            // An interrupted tactic throws "canceled" rather than answering unknown.
            throw new OperationCanceledException(cancellation);
        }

        cancellation.ThrowIfCancellationRequested();
        return status switch
        {
            Status.SATISFIABLE => new QueryOutcome.Sat(solver.Model),
            Status.UNSATISFIABLE => new QueryOutcome.Unsat(),
            _ => new QueryOutcome.Unknown(string.IsNullOrEmpty(solver.ReasonUnknown) ? "unknown" : solver.ReasonUnknown),
        };
    }

    private string Smt2(BoolExpr formula)
    {
        using var solver = z3.MkSolver();
        solver.Assert(formula);
        return solver.ToString();
    }

    private static string Smt2FileName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".smt2";
}
