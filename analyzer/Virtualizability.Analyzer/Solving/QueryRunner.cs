using System.Diagnostics;
using Microsoft.Z3;

namespace Virtualizability.Analyzer.Solving;

/// <summary>
/// The solver boundary: runs one query in the caller's context with the configured limits, optionally
/// writes it as SMT-LIB so it can be re-checked with another solver, and times it.
/// </summary>
public sealed class QueryRunner(Context z3, SolverLimits limits)
{
    private readonly List<(string Name, double Milliseconds)> _timings = new();

    /// <summary>Each query's name and how long Z3 took on it.</summary>
    public IReadOnlyList<(string Name, double Milliseconds)> Timings => _timings;

    public QueryOutcome Check(string name, BoolExpr formula)
    {
        var solver = z3.MkSolver();
        var parameters = z3.MkParams().Add("timeout", limits.TimeoutMilliseconds);
        if (limits.ResourceLimit is { } rlimit)
        {
            parameters.Add("rlimit", rlimit);
        }

        solver.Parameters = parameters;
        solver.Assert(formula);
        if (limits.Smt2Directory is { } directory)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, Smt2FileName(name)), $"; {name}\n{solver}(check-sat)\n");
        }

        var watch = Stopwatch.StartNew();
        var status = solver.Check();
        _timings.Add((name, watch.Elapsed.TotalMilliseconds));
        return status switch
        {
            Status.SATISFIABLE => new QueryOutcome.Sat(solver.Model),
            Status.UNSATISFIABLE => new QueryOutcome.Unsat(),
            _ => new QueryOutcome.Unknown(string.IsNullOrEmpty(solver.ReasonUnknown) ? "unknown" : solver.ReasonUnknown),
        };
    }

    private static string Smt2FileName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_')) + ".smt2";
}
