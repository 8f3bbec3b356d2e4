namespace Virtualizability.Analyzer.Solving;

/// <summary>
/// Bounds on each query. The resource limit is deterministic (the same answer on any machine); the timeout
/// is a safety net. Neither is enforced by abandoning a task: Z3 stops itself and answers unknown.
/// </summary>
public sealed record SolverLimits(uint TimeoutMilliseconds = 30_000, uint? ResourceLimit = null, string? Smt2Directory = null);
