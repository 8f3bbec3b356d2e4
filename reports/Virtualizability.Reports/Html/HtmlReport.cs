using System.Text;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports.Comparison;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>
/// One self-contained HTML page (inline CSS and SVG, no script) for one analysis or a comparison: verdicts as
/// badges, class counts as a bar chart, instructions × ISAs as a heat map, and every critical instruction's
/// witness as a before/after table. A single analysis is a comparison of one ISA.
/// </summary>
public static class HtmlReport
{
    public static string Write(SpecClassification analysis, IReadOnlyList<DesignVerdict>? designs = null) =>
        Write(ComparisonBuilder.Build([new ComparedIsa(analysis, [.. designs ?? []])]), $"Virtualizability of {analysis.Isa}");

    public static string Write(IsaComparison comparison, string? title = null)
    {
        title ??= $"Virtualizability of {comparison.Isas.Length} instruction sets";
        var html = new StringBuilder();
        HtmlPage.Open(html, title);
        html.Append("<p class=\"sub\">Classified by virt per Popek and Goldberg (1974): ");
        html.Append(string.Join(", ", comparison.Isas.Select(i => $"<code>{E(ReportText.Path(i.Analysis.File))}</code>")));
        html.Append(".</p>\n");
        Verdicts(html, comparison);
        html.Append("<h2>Instructions per class</h2>\n").Append(HtmlBarChart.Write(comparison)).Append('\n');
        HtmlVariants.Write(html, comparison);
        HeatMap(html, comparison);
        CriticalWitnesses(html, comparison);
        HtmlPage.Close(html);
        return html.ToString();
    }

    private static void Verdicts(StringBuilder html, IsaComparison comparison)
    {
        html.Append("<h2>Verdicts</h2>\n");
        if (ComparisonText.DesignsNote(comparison) is { Length: > 0 } note)
        {
            html.Append($"<p class=\"note\">{E(note.Replace("`", "", StringComparison.Ordinal))}</p>\n");
        }

        foreach (var isa in comparison.Isas)
        {
            html.Append($"<h3>{E(isa.Name)}</h3>\n<div class=\"badges\">");
            html.Append(string.Concat(isa.Analysis.Theorems.Select(t => Badge(t.Theorem, t.Holds))));
            html.Append(string.Concat(isa.Designs.Select(d => Badge(d.Design, d.Holds, d.Detail.Length == 0 ? "" : $"({d.Detail})"))));
            html.Append("</div>\n");
        }
    }

    private static void HeatMap(StringBuilder html, IsaComparison comparison)
    {
        html.Append("<h2>Instructions × ISAs</h2>\n");
        html.Append($"<p class=\"note\">{E(ComparisonText.MatchingRule.Replace("`", "", StringComparison.Ordinal))} {E(ComparisonText.Omitted(comparison))}</p>\n");
        html.Append("<table class=\"heat\"><thead><tr><th>instruction</th>");
        html.Append(string.Concat(comparison.Isas.Select(i => $"<th>{E(i.Name)}</th>")));
        html.Append("<th>note</th></tr></thead><tbody>\n");
        foreach (var row in comparison.SensitiveRows)
        {
            html.Append($"<tr><th>{E(row.Label)}</th>");
            for (var s = 0; s < comparison.Isas.Length; s++)
            {
                html.Append(row.ClassIn(s) is { } c
                    ? $"<td class=\"cls {ClassName(c)}\">{E(ComparisonText.CellText(row, s))}</td>"
                    : "<td class=\"absent\">—</td>");
            }

            html.Append($"<td class=\"note\">{E(row.Note)}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void CriticalWitnesses(StringBuilder html, IsaComparison comparison)
    {
        var critical = comparison.Isas.SelectMany(isa => isa.Analysis.Instructions.Where(i => i.IsCritical).Select(i => (isa, i))).ToList();
        html.Append("<h2>Critical instructions and their witnesses</h2>\n");
        if (critical.Count == 0)
        {
            html.Append("<p>None: every sensitive instruction is privileged.</p>\n");
            return;
        }

        foreach (var (isa, instruction) in critical)
        {
            html.Append($"<h3>{E(isa.Name)}: {E(instruction.Name)} <span class=\"note\">{E(ReportText.Location(instruction.Location))}</span></h3>\n");
            html.Append(ReportText.SensitiveEvidence(instruction)?.Witness is { } witness
                ? HtmlWitness.Write(witness)
                : $"<p>{E(ReportText.Reason(instruction))}</p>");
            html.Append('\n');
        }
    }
}
