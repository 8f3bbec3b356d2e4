using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Comparison;

/// <summary>
/// A design's proof as the one cell a comparison shows. Only what the proof fixes goes in (verdict, counts,
/// the patch set's size, the control setting), never a counterexample's values, which depend on the model
/// Z3 happened to return: the same specs give the same comparison.
/// </summary>
public static class DesignVerdicts
{
    public static DesignVerdict From(DesignOutcome outcome)
    {
        if (outcome.Proof is not { } proof)
        {
            var reason = outcome.Failure ?? "no proof";
            return new DesignVerdict(outcome.Design.Name(), Answer.Unknown, reason) { Failure = reason };
        }

        var refuted = proof.Instructions.Count(i => i.Fails) + proof.PatchSet.Count(p => !p.Needed);
        var unknown = proof.Instructions.Count(i => !i.Fails && i.HasUnknowns);
        var holds = proof.ExitCode switch { 0 => Answer.Yes, 1 => Answer.No, _ => Answer.Unknown };
        var parts = new List<string>();
        if (proof.Design.Patches())
        {
            parts.Add($"patch set of {proof.PatchSet.Length}");
        }

        if (proof.Hardware is { } hardware)
        {
            parts.Add(Controls(hardware));
        }

        if (refuted > 0)
        {
            parts.Add($"{refuted} refuted");
        }

        if (unknown > 0)
        {
            parts.Add($"{unknown} unknown");
        }

        return new DesignVerdict(outcome.Design.Name(), holds, string.Join("; ", parts))
        {
            Refuted = refuted,
            Unknown = unknown,
            PatchSet = proof.Design.Patches() ? proof.PatchSet.Length : null,
            Controls = proof.Hardware?.SettingNames,
        };
    }

    private static string Controls(HardwareResult hardware) =>
        !hardware.Found && hardware.Synthesized ? $"no setting of the {hardware.Declared.Length} controls suffices"
        : hardware.SettingNames.IsEmpty ? "no controls"
        : $"controls: {string.Join(", ", hardware.SettingNames)}";
}
