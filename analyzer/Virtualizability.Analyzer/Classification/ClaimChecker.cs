using System.Collections.Immutable;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Checks a spec's <c>expect:</c> claims against what the analysis derived. A claim never feeds the
/// analysis; a claim that fails is reported at its YAML line.
/// </summary>
internal static class ClaimChecker
{
    public static ImmutableArray<ClaimCheck> Check(InstructionDef instruction, InstructionClassification result) =>
        instruction.Expect.Select(claim => new ClaimCheck(claim.ToString(), StatusOf(claim, result), claim.Location)).ToImmutableArray();

    // An unknown answer neither confirms nor refutes a claim: the claim is undecided, and reported as such.
    private static ClaimStatus StatusOf(Claim claim, InstructionClassification result) =>
        Actual(claim.Property, result) is { } value
            ? value != claim.Negated ? ClaimStatus.Holds : ClaimStatus.Fails
            : ClaimStatus.Undecided;

    private static bool? Actual(string property, InstructionClassification r)
    {
        Answer Kind(string name) => r.BehaviorKinds.FirstOrDefault(k => k.Property == name)?.Answer ?? (r.BehaviorSensitive.Answer == Answer.No ? Answer.No : Answer.Unknown);
        var answer = property switch
        {
            "privileged" => r.Privileged.Answer,
            "control-sensitive" => r.ControlSensitive.Answer,
            "behavior-sensitive" => r.BehaviorSensitive.Answer,
            "mode-sensitive" or "location-sensitive" or "configuration-sensitive" => Kind(property),
            "user-sensitive" => r.UserSensitive.Answer,
            "sensitive" => r.Sensitivity,
            "critical" => r.Class == InstructionClass.Unknown ? Answer.Unknown : r.IsCritical ? Answer.Yes : Answer.No,
            "innocuous" => r.Class switch
            {
                InstructionClass.Unknown => Answer.Unknown,
                InstructionClass.Innocuous => Answer.Yes,
                _ => Answer.No,
            },
            _ => Answer.Unknown,
        };
        return answer == Answer.Unknown ? null : answer == Answer.Yes;
    }
}
