using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// What to prove: the design, the real mode that runs virtual supervisor code, workers and limits. For the
/// hardware design, <see cref="Controls"/> is the control setting to prove, or null to synthesize a smallest one.
/// </summary>
public sealed record ProverOptions(VmmDesign Design, string? GuestSupervisorMode = null, int Jobs = 0, SolverLimits? Limits = null)
{
    public IReadOnlyList<string>? Controls { get; init; }

    /// <summary>Ctrl-C: stops the workers and interrupts Z3, as for the classifier.</summary>
    public CancellationToken Cancellation { get; init; }

    public ClassifierOptions Classifier => new(GuestSupervisorMode, Jobs, Limits, Cancellation: Cancellation);
}
