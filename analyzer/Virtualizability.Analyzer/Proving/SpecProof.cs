using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// One instruction's obligations under a design. For a patched instruction, <see cref="Unpatched"/> holds
/// what its obligations would be without the patch (the minimality evidence).
/// </summary>
public sealed record InstructionProof(
    string Name,
    SourceLocation Location,
    InstructionClass Class,
    bool Patched,
    ImmutableArray<ObligationResult> Obligations,
    ImmutableArray<ObligationResult> Unpatched)
{
    public bool Fails => Obligations.Any(o => o.Result is ProofResult.Refuted);

    public bool HasUnknowns => Obligations.Any(o => o.Result is ProofResult.Unknown);

    public ObligationResult? FirstRefuted(ImmutableArray<ObligationResult> results) => results.FirstOrDefault(o => o.Result is ProofResult.Refuted);
}

/// <summary>
/// An instruction on which the failing set and the theorem's set disagree: why, in words fixed by the
/// result, and the evidence (a counterexample's or a witness's one line, with its concrete values).
/// </summary>
public sealed record TheoremDifference(string Instruction, string Explanation, string Evidence);

/// <summary>
/// Theorem 1 (or 3, for hybrid) as a checked fact: the instructions that fail an obligation against the
/// classifier's set (critical, or user-sensitive and not privileged in the guest user mode).
/// </summary>
public sealed record TheoremCheck(
    string Theorem,
    string ExpectedSetName,
    ImmutableArray<string> Expected,
    ImmutableArray<string> Failing,
    ImmutableArray<TheoremDifference> Differences)
{
    public bool Agrees => Differences.IsEmpty;
}

/// <summary>A patch-set member, whether unpatching it breaks an obligation (minimality), which one, and the counterexample's line.</summary>
public sealed record PatchMember(string Instruction, bool Needed, string Explanation, string Evidence);

/// <summary>Paravirtual: a hypercall the guest kernel makes instead of a patched instruction, and what it must do.</summary>
public sealed record Hypercall(string Name, string Replaces, string Does);

public sealed record ProofStatistics(int Queries, double TotalQueryMilliseconds, int ClassificationQueries);

/// <summary>The proof of one design on one spec.</summary>
public sealed record SpecProof(
    string Isa,
    string File,
    VmmDesign Design,
    string GuestSupervisorMode,
    ImmutableArray<string> Embedding,
    ImmutableArray<string> Assumptions,
    ImmutableArray<InstructionProof> Instructions,
    TheoremCheck? TheoremCheck,
    ImmutableArray<PatchMember> PatchSet,
    ImmutableArray<Hypercall> Hypercalls,
    ProofStatistics Statistics)
{
    /// <summary>For the hardware design: the control setting and what each control is needed for.</summary>
    public HardwareResult? Hardware { get; init; }

    public bool Refuted => Instructions.Any(i => i.Fails) || PatchSet.Any(p => !p.Needed);

    public bool HasUnknowns => Instructions.Any(i => i.HasUnknowns);

    /// <summary>0 every obligation proved, 1 some refuted (or a patch not needed), 3 none refuted but some unknown.</summary>
    public int ExitCode => Refuted ? 1 : HasUnknowns ? 3 : 0;
}
