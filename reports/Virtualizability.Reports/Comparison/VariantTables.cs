using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>What a variant makes of an instruction critical in its base.</summary>
public enum Closure
{
    /// <summary>The variant has no such instruction.</summary>
    Absent,

    /// <summary>No longer critical; for a hardware-assisted variant, every obligation holds under its controls.</summary>
    Closed,

    /// <summary>Still critical; for a hardware-assisted variant, some obligation fails under its controls.</summary>
    Remains,

    Unknown,
}

/// <summary>One variant's answer for one instruction: the short text of a table cell and, where it remains, why.</summary>
public sealed record VariantCell(Closure Closure, string Text, string Why);

public sealed record VariantRow(string Label, ImmutableArray<VariantCell> Cells);

/// <summary>An ISA's critical instructions against the ISAs that extend it (x86-32 against x86-32-umip and x86-32-vtx).</summary>
public sealed record VariantTable(ComparedIsa Base, ImmutableArray<ComparedIsa> Variants, ImmutableArray<VariantRow> Rows);

/// <summary>
/// Finds each compared ISA's variants (the compared ISAs whose specs extend it) and says, per instruction
/// critical in the base, which variant closes it and how: by its classification (UMIP makes SGDT
/// privileged) or, for a variant proved with hardware assistance, by the hardware proof, with the controls
/// whose removal breaks one of the instruction's obligations.
/// </summary>
public static class VariantTables
{
    public static ImmutableArray<VariantTable> Of(IsaComparison comparison)
    {
        var tables = ImmutableArray.CreateBuilder<VariantTable>();
        for (var b = 0; b < comparison.Isas.Length; b++)
        {
            var file = Path.GetFullPath(comparison.Isas[b].Analysis.File);
            var variants = Enumerable.Range(0, comparison.Isas.Length)
                .Where(v => v != b && comparison.Isas[v].Extends.Any(e => string.Equals(e, file, StringComparison.Ordinal)))
                .ToList();
            var rows = comparison.Rows
                .Where(r => r.ClassIn(b) == InstructionClass.Critical)
                .Select(r => new VariantRow(r.Label, [.. variants.Select(v => Cell(comparison.Isas[v], r.Cells[v]))]))
                .ToImmutableArray();
            if (variants.Count > 0 && !rows.IsEmpty)
            {
                tables.Add(new VariantTable(comparison.Isas[b], [.. variants.Select(v => comparison.Isas[v])], rows));
            }
        }

        return tables.ToImmutable();
    }

    private static VariantCell Cell(ComparedIsa variant, ImmutableArray<ComparedInstruction> instructions)
    {
        if (instructions.IsEmpty)
        {
            return new VariantCell(Closure.Absent, "—", "");
        }

        return variant.Hardware.IsEmpty ? ByClass(instructions) : ByHardware(variant, instructions);
    }

    // Several definitions of one row in a variant: the most serious one speaks for the row.
    private static VariantCell ByClass(ImmutableArray<ComparedInstruction> instructions)
    {
        var worst = instructions.MaxBy(i => ComparisonRow.Severity(i.Class))!;
        return worst.Class switch
        {
            InstructionClass.Critical => new VariantCell(Closure.Remains, "remains critical", worst.Reason),
            InstructionClass.Unknown => new VariantCell(Closure.Unknown, "unknown", worst.Reason),
            _ => new VariantCell(Closure.Closed, $"closed: {ReportText.Word(worst.Class)}", ""),
        };
    }

    private static VariantCell ByHardware(ComparedIsa variant, ImmutableArray<ComparedInstruction> instructions)
    {
        var outcomes = instructions.Select(i => variant.Hardware.FirstOrDefault(h => h.Instruction == i.Name)).OfType<HardwareOutcome>().ToList();
        if (outcomes.FirstOrDefault(o => o.Holds == Answer.No) is { } fails)
        {
            return new VariantCell(Closure.Remains, "remains under hardware", fails.Why);
        }

        if (outcomes.Count == 0 || outcomes.FirstOrDefault(o => o.Holds == Answer.Unknown) is { })
        {
            return new VariantCell(Closure.Unknown, "unknown", outcomes.FirstOrDefault(o => o.Holds == Answer.Unknown)?.Why ?? "no hardware proof of it");
        }

        var controls = outcomes.SelectMany(o => o.Controls).ToList();
        return controls.Count == 0
            ? new VariantCell(Closure.Closed, "closed by hardware, no control needed", "")
            : new VariantCell(Closure.Closed, "closed by " + string.Join(", ", controls.Select(c => $"{c.Control} ({c.ObligationId})").Distinct(StringComparer.Ordinal)), "");
    }
}
