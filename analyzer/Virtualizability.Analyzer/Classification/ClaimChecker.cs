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
        instruction.Expect.Select(claim => new ClaimCheck(claim.ToString(), Holds(claim, result), claim.Location)).ToImmutableArray();

    private static bool Holds(Claim claim, InstructionClassification result)
    {
        var actual = Actual(claim.Property, result);
        // An unknown answer neither confirms nor refutes a claim; it fails it, so it is seen.
        return actual is { } value && value != claim.Negated;
    }

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
            "sensitive" => r.IsSensitive ? Answer.Yes : r.Class == InstructionClass.Unknown ? Answer.Unknown : Answer.No,
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
