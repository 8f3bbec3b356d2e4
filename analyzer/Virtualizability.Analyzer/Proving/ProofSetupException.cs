namespace Virtualizability.Analyzer.Proving;

/// <summary>A design that cannot be set up for this spec or these options (bad input, exit 2), said in words.</summary>
public sealed class ProofSetupException(string message) : Exception(message);
