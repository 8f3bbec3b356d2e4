using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>
/// One VMM design's verdict on one ISA, with what a reader needs beside it in <see cref="Detail"/> (a patch
/// set's size, the controls, how many instructions are refuted, why it is unknown) and the same as data.
/// </summary>
public sealed record DesignVerdict(string Design, Answer Holds, string Detail)
{
    /// <summary>Instructions with a refuted obligation (or, patched, a patch not needed).</summary>
    public int Refuted { get; init; }

    /// <summary>Instructions with an unknown obligation and none refuted.</summary>
    public int Unknown { get; init; }

    /// <summary>Patched: the number of instructions replaced by a trap.</summary>
    public int? PatchSet { get; init; }

    /// <summary>Hardware: the control setting the verdict is about (a smallest one when synthesized).</summary>
    public ImmutableArray<string>? Controls { get; init; }

    /// <summary>Why there is no proof at all (the design could not be set up or a premise is unknown).</summary>
    public string? Failure { get; init; }
}

/// <summary>Dropping this control from the setting breaks this obligation of the instruction.</summary>
public sealed record ControlUse(string Control, string ObligationId);

/// <summary>
/// How the hardware-assisted design treats one instruction: its obligations hold under the control setting
/// (with the controls it needs), fail (<see cref="Why"/>: the first failing obligation, in words fixed by the
/// proof), or are unknown.
/// </summary>
public sealed record HardwareOutcome(string Instruction, Answer Holds, ImmutableArray<ControlUse> Controls, string Why);

/// <summary>One ISA's column of a comparison: its analysis and the verdicts of the VMM designs proved on it.</summary>
public sealed record ComparedIsa(SpecClassification Analysis, ImmutableArray<DesignVerdict> Designs)
{
    public string Name => Analysis.Isa;

    /// <summary>The full paths of the spec files this one extends: a compared ISA whose file is among them is its base.</summary>
    public ImmutableArray<string> Extends { get; init; } = [];

    /// <summary>For an ISA proved with hardware assistance, that proof per instruction; empty otherwise.</summary>
    public ImmutableArray<HardwareOutcome> Hardware { get; init; } = [];

    public int Count(InstructionClass @class) => Analysis.Instructions.Count(i => i.Class == @class);
}

/// <summary>How the instructions of a row were found to be the same instruction.</summary>
[Flags]
public enum MatchedBy
{
    /// <summary>Only one ISA has it.</summary>
    Alone = 0,
    Name = 1,
    IcedCode = 2,
}

/// <summary>An instruction of one ISA inside a comparison row.</summary>
public sealed record ComparedInstruction(string Name, InstructionClass Class, string Reason);

/// <summary>
/// One instruction across ISAs. <see cref="Cells"/> has one entry per ISA, in the comparison's order; an
/// empty entry means the ISA has no such instruction. An entry holds more than one instruction only when
/// the matching joined two of one ISA's definitions (for example two encodings of one operation).
/// </summary>
public sealed record ComparisonRow(string Label, MatchedBy MatchedBy, ImmutableArray<ImmutableArray<ComparedInstruction>> Cells, string Note)
{
    /// <summary>The class an ISA gives the row: its single instruction's, or the most serious of several.</summary>
    public InstructionClass? ClassIn(int isa) =>
        Cells[isa].IsEmpty ? null : Cells[isa].Select(c => c.Class).MaxBy(Severity);

    public bool SensitiveSomewhere => Enumerable.Range(0, Cells.Length).Any(i => ClassIn(i) is { } c && c != InstructionClass.Innocuous);

    /// <summary>Critical first, then unknown, privileged, always-traps, innocuous.</summary>
    public static int Severity(InstructionClass @class) => @class switch
    {
        InstructionClass.Critical => 4,
        InstructionClass.Unknown => 3,
        InstructionClass.Privileged => 2,
        InstructionClass.AlwaysTraps => 1,
        _ => 0,
    };
}

/// <summary>Several ISAs side by side: per ISA its counts and verdicts, per instruction its class in each.</summary>
public sealed record IsaComparison(ImmutableArray<ComparedIsa> Isas, ImmutableArray<ComparisonRow> Rows)
{
    /// <summary>The classes in the order every table shows them.</summary>
    public static ImmutableArray<InstructionClass> Classes { get; } =
        [InstructionClass.Innocuous, InstructionClass.Privileged, InstructionClass.AlwaysTraps, InstructionClass.Critical, InstructionClass.Unknown];

    /// <summary>Rows in which some ISA gives a class other than innocuous: the ones a reader compares.</summary>
    public IEnumerable<ComparisonRow> SensitiveRows => Rows.Where(r => r.SensitiveSomewhere);

    public int InnocuousEverywhere => Rows.Count(r => !r.SensitiveSomewhere);

    /// <summary>Per ISA that other compared ISAs extend, what those variants make of its critical instructions.</summary>
    public ImmutableArray<VariantTable> Variants => VariantTables.Of(this);
}
