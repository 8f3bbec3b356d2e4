using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>The words every comparison format shares, so Markdown, LaTeX and HTML say the same thing.</summary>
public static class ComparisonText
{
    public const string MatchingRule =
        "Rows join instructions of different ISAs that have the same name (ignoring case) or claim a common Iced `Code`.";

    public static string Omitted(IsaComparison comparison) =>
        $"{comparison.InnocuousEverywhere} instruction(s) innocuous in every ISA that has them are not shown.";

    public static string Matched(MatchedBy how) => how switch
    {
        MatchedBy.Alone => "one ISA",
        MatchedBy.Name => "name",
        MatchedBy.IcedCode => "Iced Code",
        _ => "name, Iced Code",
    };

    public const string VariantsIntro =
        "For each ISA that other compared specs extend, its critical instructions and what each variant makes of them: "
        + "closed (no longer critical there; for a variant proved with hardware assistance, every obligation holds under its synthesized controls, "
        + "named with the obligation that fails when the control alone is dropped) or remains, and why.";

    /// <summary>Why a row remains where it does: "x86-32-umip: reason; x86-32-vtx: reason", or that every variant closes it.</summary>
    public static string Remaining(VariantTable table, VariantRow row)
    {
        var open = row.Cells.Select((c, v) => (Cell: c, Isa: table.Variants[v].Name)).Where(x => x.Cell.Closure is Closure.Remains or Closure.Unknown).ToList();
        return open.Count == 0
            ? row.Cells.Any(c => c.Closure == Closure.Closed) ? "closed in every variant that has it" : ""
            : string.Join("; ", open.Select(x => $"{x.Isa}: {x.Cell.Why}"));
    }

    /// <summary>
    /// A hardware-assisted ISA's controls and every instruction each is needed by, with the obligation that
    /// fails without it ("HLT_EXITING: HLT (EQ-HIDDEN); RDTSC_EXITING: RDTSC (EQ-USER)"); empty for other ISAs.
    /// </summary>
    public static string ControlUses(ComparedIsa isa)
    {
        var uses = isa.Hardware.SelectMany(h => h.Controls.Select(c => (c.Control, Use: $"{h.Instruction} ({c.ObligationId})")));
        var controls = isa.Designs.FirstOrDefault(d => d.Controls is not null)?.Controls ?? [];
        return string.Join("; ", controls.Select(c => $"{c}: {string.Join(", ", uses.Where(u => u.Control == c).Select(u => u.Use).DefaultIfEmpty("nothing"))}"));
    }

    /// <summary>What the design columns mean; empty when the comparison has none.</summary>
    public static string DesignsNote(IsaComparison comparison) =>
        comparison.Isas.Any(i => !i.Designs.IsEmpty)
            ? "Designs are proved as by `virt prove`: yes when every obligation of every instruction holds, no with the number of instructions refuted; "
              + "patched replaces the critical instructions (its patch set) by a trap; hardware, for a spec with `vmm.controls`, is proved with a smallest control setting under which every obligation holds, found by search; "
              + "unknown says why."
            : "";

    /// <summary>The designs any ISA of the comparison has a verdict for, in first-seen order.</summary>
    public static List<string> DesignNames(IsaComparison comparison) =>
        comparison.Isas.SelectMany(i => i.Designs).Select(d => d.Design).Distinct(StringComparer.Ordinal).ToList();

    public static string Design(ComparedIsa isa, string design) =>
        isa.Designs.FirstOrDefault(d => d.Design == design) is { } verdict
            ? verdict.Detail.Length == 0 ? ReportText.Word(verdict.Holds) : $"{ReportText.Word(verdict.Holds)} ({verdict.Detail})"
            : "—";

    /// <summary>The class an ISA gives a row, naming its instruction where the name differs from the row's.</summary>
    public static string CellText(ComparisonRow row, int isa)
    {
        var cell = row.Cells[isa];
        if (cell.IsEmpty)
        {
            return "—";
        }

        return string.Join(", ", cell.Select(i => string.Equals(i.Name, row.Label, StringComparison.OrdinalIgnoreCase)
            ? ReportText.Word(i.Class)
            : $"{ReportText.Word(i.Class)} ({i.Name})"));
    }
}
