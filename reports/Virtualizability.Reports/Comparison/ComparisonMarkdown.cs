using System.Text;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>A comparison as GitHub-flavored Markdown: one table per ISA, one per instruction.</summary>
public static class ComparisonMarkdown
{
    public static string Write(IsaComparison comparison)
    {
        var md = new StringBuilder();
        md.Append($"# Virtualizability of {comparison.Isas.Length} instruction sets\n\n");
        md.Append("Classified by virt per Popek and Goldberg (1974): ");
        md.Append(string.Join(", ", comparison.Isas.Select(i => $"`{ReportText.Path(i.Analysis.File)}`")));
        md.Append(".\n");
        PerIsa(md, comparison);
        Variants(md, comparison);
        PerInstruction(md, comparison);
        return md.ToString();
    }

    private static void Variants(StringBuilder md, IsaComparison comparison)
    {
        var tables = comparison.Variants;
        if (tables.IsEmpty)
        {
            return;
        }

        md.Append("\n## Holes closed by variants\n\n").Append(ComparisonText.VariantsIntro).Append('\n');
        foreach (var table in tables)
        {
            md.Append($"\n### {table.Base.Name}\n\n| critical in {table.Base.Name} | ");
            md.Append(string.Join(" | ", table.Variants.Select(v => v.Name))).Append(" | why it remains |\n");
            md.Append(string.Concat(Enumerable.Repeat("|---", 2 + table.Variants.Length))).Append("|\n");
            foreach (var row in table.Rows)
            {
                md.Append($"| {Cell(row.Label)} | ");
                md.Append(string.Join(" | ", row.Cells.Select(c => c.Closure == Closure.Closed ? $"**{Cell(c.Text)}**" : Cell(c.Text))));
                md.Append($" | {Cell(ComparisonText.Remaining(table, row))} |\n");
            }

            foreach (var variant in table.Variants.Where(v => !v.Hardware.IsEmpty))
            {
                md.Append($"\nThe controls {variant.Name} sets, and the instructions whose obligations fail without each: {ComparisonText.ControlUses(variant)}.\n");
            }
        }
    }

    /// <summary>The per-ISA table alone (counts and verdicts), as the README shows it.</summary>
    public static string PerIsaTable(IsaComparison comparison)
    {
        var md = new StringBuilder();
        PerIsaRows(md, comparison);
        return md.ToString();
    }

    private static void PerIsa(StringBuilder md, IsaComparison comparison)
    {
        md.Append("\n## Per ISA\n\n");
        PerIsaRows(md, comparison);
        if (ComparisonText.DesignsNote(comparison) is { Length: > 0 } note)
        {
            md.Append('\n').Append(note).Append('\n');
        }
    }

    private static void PerIsaRows(StringBuilder md, IsaComparison comparison)
    {
        var designs = ComparisonText.DesignNames(comparison);
        md.Append("| ISA | instructions | ");
        md.Append(string.Join(" | ", IsaComparison.Classes.Select(ReportText.Word)));
        md.Append(" | Theorem 1 | Theorem 2 | Theorem 3 |");
        md.Append(string.Concat(designs.Select(d => $" {d} |")));
        md.Append('\n');
        md.Append(string.Concat(Enumerable.Repeat("|---", 5 + IsaComparison.Classes.Length + designs.Count))).Append("|\n");
        foreach (var isa in comparison.Isas)
        {
            md.Append($"| {isa.Name} | {isa.Analysis.Instructions.Length} | ");
            md.Append(string.Join(" | ", IsaComparison.Classes.Select(c => isa.Count(c).ToString(System.Globalization.CultureInfo.InvariantCulture))));
            md.Append(string.Concat(isa.Analysis.Theorems.Select(t => $" | {ReportText.Word(t.Holds)}")));
            md.Append(" |");
            md.Append(string.Concat(designs.Select(d => $" {Cell(ComparisonText.Design(isa, d))} |")));
            md.Append('\n');
        }
    }

    private static void PerInstruction(StringBuilder md, IsaComparison comparison)
    {
        md.Append("\n## Per instruction\n\n");
        md.Append($"{ComparisonText.MatchingRule} {ComparisonText.Omitted(comparison)}\n\n");
        md.Append("| instruction | matched by | ");
        md.Append(string.Join(" | ", comparison.Isas.Select(i => i.Name)));
        md.Append(" | note |\n");
        md.Append(string.Concat(Enumerable.Repeat("|---", 3 + comparison.Isas.Length))).Append("|\n");
        foreach (var row in comparison.SensitiveRows)
        {
            md.Append($"| {Cell(row.Label)} | {ComparisonText.Matched(row.MatchedBy)} | ");
            md.Append(string.Join(" | ", Enumerable.Range(0, comparison.Isas.Length).Select(s => Class(row, s))));
            md.Append($" | {Cell(row.Note)} |\n");
        }
    }

    private static string Class(ComparisonRow row, int isa)
    {
        var text = ComparisonText.CellText(row, isa);
        return row.ClassIn(isa) == InstructionClass.Critical ? $"**{Cell(text)}**" : Cell(text);
    }

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|");
}
