using System.Collections.Immutable;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Proved, refuted or unknown: never a silent guess.</summary>
public enum Answer
{
    Yes,
    No,
    Unknown,
}

/// <summary>
/// One Popek–Goldberg property of one instruction. A Yes carries a replayed witness where one exists; a No
/// is a proof (the query was unsat) unless a witness refutes it; Unknown carries the solver's reason.
/// </summary>
public sealed record PropertyResult(string Property, Answer Answer, Witness? Witness, string Explanation)
{
    public static PropertyResult Unknown(string property, string reason) => new(property, Answer.Unknown, null, reason);
}

public sealed record NamedValue(string Name, ulong Value);

public sealed record WitnessState(
    string Label,
    string Mode,
    ImmutableArray<NamedValue> Registers,
    ImmutableArray<NamedValue> MemoryRead,
    string Outcome,
    ImmutableArray<string> Changes);

/// <summary>Concrete states and operands that show a property, already replayed on the concrete machine.</summary>
public sealed record Witness(string Reason, ImmutableArray<WitnessState> States, ImmutableArray<NamedValue> Operands, string? Resource);

/// <summary>The class a report shows for an instruction, derived from its properties.</summary>
public enum InstructionClass
{
    Innocuous,
    Privileged,
    Critical,

    /// <summary>Traps in every state the VMM lets it run in: neither runs directly nor escapes control.</summary>
    AlwaysTraps,
    Unknown,
}

public sealed record ClaimCheck(string Claim, bool Holds, SourceLocation Location);

public sealed record InstructionClassification(
    string Name,
    string? Mnemonic,
    SourceLocation Location,
    ImmutableArray<string> IcedCodes,
    InstructionClass Class,
    PropertyResult Privileged,
    PropertyResult ControlSensitive,
    PropertyResult BehaviorSensitive,
    ImmutableArray<PropertyResult> BehaviorKinds,
    PropertyResult UserSensitive,
    bool ReadsClock,
    ImmutableArray<ClaimCheck> Claims)
{
    public bool IsSensitive => ControlSensitive.Answer == Answer.Yes || BehaviorSensitive.Answer == Answer.Yes;

    public bool IsCritical => Class == InstructionClass.Critical;

    public IEnumerable<PropertyResult> AllProperties =>
        new[] { Privileged, ControlSensitive, BehaviorSensitive }.Concat(BehaviorKinds).Append(UserSensitive);
}

public sealed record TheoremVerdict(string Theorem, Answer Holds, string Explanation, ImmutableArray<string> Culprits);

public sealed record AnalysisStatistics(int Queries, double MedianQueryMilliseconds, double TotalQueryMilliseconds, ImmutableArray<string> SlowestQueries);

/// <summary>The whole analysis of one spec under one VMM configuration.</summary>
public sealed record SpecClassification(
    string Isa,
    string File,
    string SupervisorMode,
    string GuestSupervisorMode,
    string GuestUserMode,
    string Keeps,
    ImmutableArray<InstructionClassification> Instructions,
    ImmutableArray<TheoremVerdict> Theorems,
    AnalysisStatistics Statistics)
{
    public IEnumerable<ClaimCheck> FailedClaims => Instructions.SelectMany(i => i.Claims).Where(c => !c.Holds);

    public bool HasUnknowns => Instructions.Any(i => i.Class == InstructionClass.Unknown);
}
