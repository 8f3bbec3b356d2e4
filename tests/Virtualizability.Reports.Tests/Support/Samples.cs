using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Reports.Tests.Support;

/// <summary>
/// A hand-made analysis result with one instruction of each kind a renderer must handle (critical with a
/// failed claim, privileged, innocuous, unknown), so renderer tests need no solver and can set up cases
/// the shipped specs do not have.
/// </summary>
public static class Samples
{
    public const string File = "specs/toy.yaml";

    /// <summary>
    /// Fixed run metadata, so that snapshots do not change with the tool's or Z3's version or with an edit
    /// of a spec's comments; the CLI tests check the real values.
    /// </summary>
    public static readonly RunMetadata Metadata = new("0.0.0-snapshot", "0.0.0-snapshot", "sha256:" + new string('0', 64), 30_000, null);

    /// <summary>A baseline of the toy's (and pg74's) configuration with the given findings.</summary>
    public static Baseline Baseline(string isa, string[] critical, BaselineTheorem[] theorems) => new(
        Reports.Baseline.CurrentSchemaVersion,
        isa,
        isa == "toy" ? new VmmConfiguration("sup", "usr", "usr", "IO == 0 || MASK == 1") : new VmmConfiguration("supervisor", "user", "user", "RUN == 1"),
        Metadata.SpecHash,
        Metadata.ToolVersion,
        Metadata.Z3Version,
        [.. critical.Select(c => new BaselineFinding(c, ""))],
        [],
        [.. theorems]);

    public static SpecClassification Toy(double medianMilliseconds = 3.5) => new(
        "toy",
        File,
        "sup",
        "usr",
        "usr",
        "IO == 0 || MASK == 1",
        [Innocuous("NOP", 10), Critical("RDM", 20), Privileged("HLT", 30), Unknown("SLOW", 40)],
        [
            new TheoremVerdict("Theorem 1", Answer.No, "1 critical instruction(s): sensitive but not privileged", ["RDM"]),
            new TheoremVerdict("Theorem 2", Answer.No, "needs Theorem 1", ["RDM"]),
            new TheoremVerdict("Theorem 3", Answer.Unknown, "some answers are unknown", ["SLOW"]),
        ],
        new AnalysisStatistics(12, medianMilliseconds, medianMilliseconds * 12, ["toy.SLOW.privileged 40 ms"]));

    public static SourceLocation At(int line, int column = 5) => new(File, line, column);

    public static Witness Pair(string reason) => new(
        reason,
        [
            new WitnessState("s1", "usr", [new("M", 0), new("A", 0)], [], "runs", ["A 0 → 0x1f"]),
            new WitnessState("s2", "sup", [new("M", 1), new("A", 0)], [new("mem[0]", 7)], "runs", ["A 0 → 0x20"]),
        ],
        [new("r", 1)],
        "A");

    private static InstructionClassification Critical(string name, int line) => Instruction(
        name,
        line,
        InstructionClass.Critical,
        new PropertyResult("privileged", Answer.No, Pair($"{name} runs without trapping in usr as in sup"), ""),
        new PropertyResult("behavior-sensitive", Answer.Yes, Pair($"{name} gives A = 0x1f vs 0x20 when M 0x0 vs 0x1"), ""),
        [new ClaimCheck("innocuous", ClaimStatus.Fails, At(line + 5, 14)), new ClaimCheck("not-privileged", ClaimStatus.Holds, At(line + 5, 26))]);

    private static InstructionClassification Privileged(string name, int line) => Instruction(
        name,
        line,
        InstructionClass.Privileged,
        new PropertyResult("privileged", Answer.Yes, Pair($"{name} traps (privilege) in usr where it runs in sup"), "proved: in every state where it runs in sup it traps in usr"),
        No("behavior-sensitive"),
        []);

    private static InstructionClassification Innocuous(string name, int line) => Instruction(
        name, line, InstructionClass.Innocuous, No("privileged"), No("behavior-sensitive"), [new ClaimCheck("innocuous", ClaimStatus.Holds, At(line + 3, 14))]);

    private static InstructionClassification Unknown(string name, int line) => Instruction(
        name, line, InstructionClass.Unknown, PropertyResult.Unknown("privileged", "solver answered unknown: timeout"), No("behavior-sensitive"), []);

    private static PropertyResult No(string property) => new(property, Answer.No, null, $"proved: not {property}");

    private static InstructionClassification Instruction(
        string name, int line, InstructionClass @class, PropertyResult privileged, PropertyResult behavior, ImmutableArray<ClaimCheck> claims) => new(
        name,
        name.ToLowerInvariant(),
        At(line),
        [],
        @class,
        privileged,
        No("control-sensitive"),
        behavior,
        behavior.Answer == Answer.Yes ? [behavior with { Property = "mode-sensitive" }] : [],
        @class == InstructionClass.Critical ? behavior with { Property = "user-sensitive" } : No("user-sensitive"),
        privileged,
        false,
        claims);
}
