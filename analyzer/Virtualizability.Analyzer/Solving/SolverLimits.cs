namespace Virtualizability.Analyzer.Solving;

/// <summary>
/// Bounds on each query. The resource limit is deterministic (the same answer on any machine); the timeout
/// is a safety net. Neither is enforced by abandoning a task: Z3 stops itself and answers unknown.
/// <see cref="NoTimeout"/> means no time limit. <see cref="Observer"/> sees every query before it is
/// asked (its name and formula), for commands that show what was asked.
/// </summary>
public sealed record SolverLimits(uint TimeoutMilliseconds = 30_000, uint? ResourceLimit = null, string? Smt2Directory = null, Action<string, Microsoft.Z3.BoolExpr>? Observer = null)
{
    /// <summary>Z3's own "no timeout" value.</summary>
    public const uint NoTimeout = uint.MaxValue;
}
