using System.Globalization;
using System.Text;
using Virtualizability.Reports.Comparison;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>
/// Class counts per ISA as stacked horizontal bars in inline SVG. Each segment carries its count as text
/// where it fits and as a tooltip; the figure's label spells every count, for readers who cannot see it.
/// </summary>
internal static class HtmlBarChart
{
    private const int LabelWidth = 150;
    private const int BarWidth = 560;
    private const int RowHeight = 26;

    public static string Write(IsaComparison comparison)
    {
        var most = Math.Max(1, comparison.Isas.Max(i => i.Analysis.Instructions.Length));
        var height = comparison.Isas.Length * RowHeight + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{LabelWidth + BarWidth + 60}\" height=\"{height}\" role=\"img\" aria-label=\"{E(Description(comparison))}\">");
        for (var row = 0; row < comparison.Isas.Length; row++)
        {
            Bar(svg, comparison.Isas[row], row * RowHeight + 4, most);
        }

        svg.Append("</svg>");
        return $"<figure>{svg}<figcaption>{Legend()} Instructions per class and ISA.</figcaption></figure>";
    }

    private static void Bar(StringBuilder svg, ComparedIsa isa, int y, int most)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\" font-size=\"13\">{E(isa.Name)}</text>");
        double x = LabelWidth;
        foreach (var c in IsaComparison.Classes)
        {
            var count = isa.Count(c);
            if (count == 0)
            {
                continue;
            }

            var width = (double)count / most * BarWidth;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{width:0.#}\" height=\"20\" class=\"{ClassName(c)}\" fill=\"var(--{ClassName(c)})\" stroke=\"#777\" stroke-width=\"0.5\"><title>{E(isa.Name)}: {count} {ClassName(c)}</title></rect>");
            if (width >= 18)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + width / 2:0.#}\" y=\"{y + 14}\" font-size=\"11\" text-anchor=\"middle\">{count}</text>");
            }

            x += width;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6:0.#}\" y=\"{y + 15}\" font-size=\"12\" fill=\"#444\">{isa.Analysis.Instructions.Length}</text>");
    }

    private static string Legend() =>
        "<span class=\"legend\">" + string.Concat(IsaComparison.Classes.Select(c => $"<span class=\"{ClassName(c)}\">{ClassName(c)}</span>")) + "</span>";

    private static string Description(IsaComparison comparison) =>
        string.Join("; ", comparison.Isas.Select(i => $"{i.Name}: " + string.Join(", ", IsaComparison.Classes.Select(c => $"{i.Count(c)} {ClassName(c)}"))));
}
