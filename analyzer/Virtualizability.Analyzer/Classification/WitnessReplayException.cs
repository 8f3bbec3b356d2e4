namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// A solver model that does not show on the concrete machine what the query claimed. That means the two
/// interpretations of the semantics disagree: an internal error, never a result.
/// </summary>
public sealed class WitnessReplayException(string message) : Exception(message);
