using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// How to classify: which real mode runs virtual supervisor code (null: the spec's default), how many
/// workers, and the limits of each query.
/// </summary>
public sealed record ClassifierOptions(string? GuestSupervisorMode = null, int Jobs = 0, SolverLimits? Limits = null)
{
    public int EffectiveJobs => Jobs > 0 ? Jobs : Environment.ProcessorCount;

    public SolverLimits EffectiveLimits => Limits ?? new SolverLimits();
}
