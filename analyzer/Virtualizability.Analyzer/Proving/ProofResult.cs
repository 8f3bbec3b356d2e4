using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Proving;

/// <summary>Proved, refuted with a replayed counterexample, or unknown: never a silent guess.</summary>
public abstract record ProofResult
{
    private ProofResult()
    {
    }

    /// <summary>The query was unsat (or the obligation holds by construction, which the text says).</summary>
    public sealed record Proved(string Explanation) : ProofResult;

    /// <summary>Holds only under an assumption of the embedding that the model does not check; reports print it.</summary>
    public sealed record Assumed(string Assumption) : ProofResult;

    public sealed record Refuted(Counterexample Counterexample) : ProofResult;

    public sealed record Unknown(string Reason) : ProofResult;

    public bool Holds => this is Proved or Assumed;
}

/// <summary>
/// A virtual state, the real state the embedding puts it in, the operands, both outcomes and the resource
/// that differs, already replayed on the concrete machine with the premises checked. The virtual state
/// lists the registers that are not 0 and the cells the instruction read; the real state only the registers and
/// cells that differ from the virtual state's.
/// </summary>
public sealed record Counterexample(string Reason, WitnessState Virtual, WitnessState Real, ImmutableArray<NamedValue> Operands, string Resource);

public sealed record ObligationResult(Obligation Obligation, ProofResult Result);
