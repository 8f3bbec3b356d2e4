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

/// <summary>A claim checked against an unknown answer is undecided: reported, neither confirmed nor failed.</summary>
public enum ClaimStatus
{
    Holds,
    Fails,
    Undecided,
}

public sealed record ClaimCheck(string Claim, ClaimStatus Status, SourceLocation Location)
{
    public bool Fails => Status == ClaimStatus.Fails;
}

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
    PropertyResult PrivilegedInGuestUser,
    bool ReadsClock,
    ImmutableArray<ClaimCheck> Claims)
{
    public bool IsSensitive => Sensitivity == Answer.Yes;

    /// <summary>Control- or behavior-sensitive: yes if either is, no if both are proved not, else unknown.</summary>
    public Answer Sensitivity => ControlSensitive.Answer == Answer.Yes || BehaviorSensitive.Answer == Answer.Yes ? Answer.Yes
        : ControlSensitive.Answer == Answer.No && BehaviorSensitive.Answer == Answer.No ? Answer.No
        : Answer.Unknown;

    public bool IsCritical => Class == InstructionClass.Critical;

    /// <summary>
    /// Every question asked. The privileged question for the guest user mode (Theorem 3) is listed only when
    /// it was asked separately, i.e. when the guest user mode differs from the guest supervisor mode.
    /// </summary>
    public IEnumerable<PropertyResult> AllProperties
    {
        get
        {
            var all = new[] { Privileged, ControlSensitive, BehaviorSensitive }.Concat(BehaviorKinds).Append(UserSensitive);
            return ReferenceEquals(PrivilegedInGuestUser, Privileged) ? all : all.Append(PrivilegedInGuestUser);
        }
    }
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
    public IEnumerable<ClaimCheck> FailedClaims => Instructions.SelectMany(i => i.Claims).Where(c => c.Fails);

    public IEnumerable<ClaimCheck> UndecidedClaims => Instructions.SelectMany(i => i.Claims).Where(c => c.Status == ClaimStatus.Undecided);

    public bool HasUnknowns => Instructions.Any(i => i.Class == InstructionClass.Unknown);
}
