using Microsoft.Z3;

namespace Virtualizability.Analyzer.Solving;

/// <summary>What Z3 said about one query. Unknown is its own answer and never stands for unsat.</summary>
public abstract record QueryOutcome
{
    private QueryOutcome()
    {
    }

    public sealed record Sat(Model Model) : QueryOutcome;

    public sealed record Unsat : QueryOutcome;

    public sealed record Unknown(string Reason) : QueryOutcome;
}
