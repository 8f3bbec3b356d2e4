using System.Globalization;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Reports;

/// <summary>
/// The words every renderer shares, so that the terminal, Markdown, JSON and SARIF never disagree about
/// how a class, an answer or an instruction's one-line reason is spelled.
/// </summary>
public static class ReportText
{
    public static string Word(Answer answer) => answer switch
    {
        Answer.Yes => "yes",
        Answer.No => "no",
        _ => "unknown",
    };

    public static string Word(InstructionClass @class) => @class switch
    {
        InstructionClass.Innocuous => "innocuous",
        InstructionClass.Privileged => "privileged",
        InstructionClass.Critical => "critical",
        InstructionClass.AlwaysTraps => "always-traps",
        _ => "unknown",
    };

    /// <summary>Paths use forward slashes whatever the OS, so a report is the same bytes everywhere.</summary>
    public static string Path(string path) => path.Replace('\\', '/');

    public static string Location(SourceLocation location) =>
        location.Line > 0 ? $"{Path(location.File)}:{location.Line}:{location.Column}" : Path(location.File);

    /// <summary>
    /// The property that makes a sensitive instruction sensitive: control first, because changing the
    /// VMM's own resources is the more serious escape.
    /// </summary>
    public static PropertyResult? SensitiveEvidence(InstructionClassification instruction) =>
        new[] { instruction.ControlSensitive, instruction.BehaviorSensitive }.FirstOrDefault(p => p.Answer == Answer.Yes);

    /// <summary>One line that says why an instruction has its class, taken from its witnesses and proofs.</summary>
    public static string Reason(InstructionClassification instruction) => instruction.Class switch
    {
        InstructionClass.Critical => SensitiveEvidence(instruction) is { } p ? TextOf(p) : "sensitive but not privileged",
        InstructionClass.Privileged when instruction.Sensitivity == Answer.Unknown => $"{TextOf(instruction.Privileged)}; sensitivity unknown",
        InstructionClass.Privileged => TextOf(instruction.Privileged),
        InstructionClass.AlwaysTraps => TextOf(instruction.Privileged),
        InstructionClass.Unknown => UnknownText(instruction),
        _ => "proved: neither control- nor behavior-sensitive",
    };

    /// <summary>"mode, location" for the behavior sub-kinds that hold; an unknown sub-kind gets a question mark.</summary>
    public static string BehaviorKinds(InstructionClassification instruction) =>
        string.Join(", ", instruction.BehaviorKinds
            .Where(k => k.Answer != Answer.No)
            .Select(k => ShortKind(k.Property) + (k.Answer == Answer.Unknown ? "?" : "")));

    /// <summary>"yes (mode, location)": the behavior answer with the sub-kinds that explain it.</summary>
    public static string Behavior(InstructionClassification instruction)
    {
        var kinds = BehaviorKinds(instruction);
        var answer = Word(instruction.BehaviorSensitive.Answer);
        return kinds.Length == 0 ? answer : $"{answer} ({kinds})";
    }

    /// <summary>A property's witness reason where it has one, else the proof or solver text.</summary>
    public static string TextOf(PropertyResult property) =>
        property.Witness?.Reason ?? (property.Explanation.Length > 0 ? property.Explanation : Word(property.Answer));

    /// <summary>Why a claim about an instruction could not be checked.</summary>
    public static string UndecidedText(InstructionClassification instruction) =>
        $"but an answer it rests on is unknown ({UnknownText(instruction)})";

    public static string Word(ClaimStatus status) => status switch
    {
        ClaimStatus.Holds => "holds",
        ClaimStatus.Fails => "fails",
        _ => "undecided",
    };

    private static string UnknownText(InstructionClassification instruction)
    {
        var unknown = instruction.AllProperties.FirstOrDefault(p => p.Answer == Answer.Unknown);
        return unknown is null ? "unknown" : $"{unknown.Property}: {unknown.Explanation}";
    }

    private static string ShortKind(string property) =>
        property.EndsWith("-sensitive", StringComparison.Ordinal) ? property[..^"-sensitive".Length] : property;
}
