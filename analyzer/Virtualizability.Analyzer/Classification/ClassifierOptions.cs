using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// How to classify: which real mode runs virtual supervisor code (null: the spec's default), how many
/// workers, the limits of each query, which instructions (null: all), and a token that stops the run
/// (workers stop between queries and Z3 is interrupted within one).
/// </summary>
public sealed record ClassifierOptions(
    string? GuestSupervisorMode = null,
    int Jobs = 0,
    SolverLimits? Limits = null,
    IReadOnlySet<string>? Only = null,
    CancellationToken Cancellation = default)
{
    public int EffectiveJobs => Jobs > 0 ? Jobs : Environment.ProcessorCount;

    public SolverLimits EffectiveLimits => Limits ?? new SolverLimits();
}
