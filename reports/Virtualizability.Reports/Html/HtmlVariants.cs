using System.Text;
using Virtualizability.Reports.Comparison;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>
/// The holes each variant closes: per base ISA a table of its critical instructions against the ISAs that
/// extend it, each cell coloured and worded (closed, remains, unknown) and the reason it remains beside.
/// </summary>
internal static class HtmlVariants
{
    public static void Write(StringBuilder html, IsaComparison comparison)
    {
        var tables = comparison.Variants;
        if (tables.IsEmpty)
        {
            return;
        }

        html.Append($"<h2>Holes closed by variants</h2>\n<p class=\"note\">{E(ComparisonText.VariantsIntro)}</p>\n");
        foreach (var table in tables)
        {
            html.Append($"<h3>{E(table.Base.Name)}</h3>\n<table class=\"variants\"><thead><tr><th>critical in {E(table.Base.Name)}</th>");
            html.Append(string.Concat(table.Variants.Select(v => $"<th>{E(v.Name)}</th>")));
            html.Append("<th>why it remains</th></tr></thead><tbody>\n");
            foreach (var row in table.Rows)
            {
                html.Append($"<tr><th>{E(row.Label)}</th>");
                html.Append(string.Concat(row.Cells.Select(c => $"<td class=\"{c.Closure.ToString().ToLowerInvariant()}\">{E(c.Text)}</td>")));
                html.Append($"<td class=\"why note\">{E(ComparisonText.Remaining(table, row))}</td></tr>\n");
            }

            html.Append("</tbody></table>\n");
            foreach (var variant in table.Variants.Where(v => !v.Hardware.IsEmpty))
            {
                html.Append($"<p class=\"note\">The controls {E(variant.Name)} sets, and the instructions whose obligations fail without each: {E(ComparisonText.ControlUses(variant))}.</p>\n");
            }
        }
    }
}
