using System.Text;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>
/// A witness as a table: one column per state, its mode, registers and memory before the instruction, then
/// the outcome and what changed. The resource that differs is highlighted (and marked with a star, for
/// print in black and white).
/// </summary>
internal static class HtmlWitness
{
    /// <summary>
    /// <paramref name="missing"/> says what a state's cell shows for a value the state does not list (given
    /// the state's index and the value's name); empty by default.
    /// </summary>
    public static string Write(Witness witness, Func<int, string, string>? missing = null)
    {
        var html = new StringBuilder();
        html.Append($"<p>{E(witness.Reason)}</p>");
        if (!witness.Operands.IsEmpty)
        {
            html.Append($"<p class=\"note\">operands: <code>{E(string.Join(", ", witness.Operands.Select(o => $"{o.Name}={Hex.Format(o.Value)}")))}</code></p>");
        }

        html.Append("<table class=\"witness\"><thead><tr><th>before</th>");
        html.Append(string.Concat(witness.States.Select(s => $"<th>{E(s.Label)}</th>")));
        html.Append("</tr></thead><tbody>");
        Row(html, "mode", witness.States.Select(s => s.Mode), hit: false);
        foreach (var name in ValueNames(witness))
        {
            var hit = Hits(name, witness.Resource);
            Row(html, name, witness.States.Select((s, k) => Value(s, name) ?? missing?.Invoke(k, name) ?? ""), hit);
        }

        html.Append("<tr><th>after</th>").Append(string.Concat(witness.States.Select(_ => "<td></td>"))).Append("</tr>");
        Row(html, "outcome", witness.States.Select(s => s.Outcome), hit: false);
        Row(html, "changes", witness.States.Select(s => s.Changes.IsEmpty ? "none" : string.Join("; ", s.Changes)), hit: witness.Resource is not null && witness.States.Any(s => s.Changes.Any(c => Hits(c, witness.Resource))));
        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static IEnumerable<string> ValueNames(Witness witness) =>
        witness.States.SelectMany(s => s.Registers.Concat(s.MemoryRead)).Select(v => v.Name).Distinct(StringComparer.Ordinal);

    private static string? Value(WitnessState state, string name) =>
        state.Registers.Concat(state.MemoryRead).FirstOrDefault(v => v.Name == name) is { } value ? Hex.Format(value.Value) : null;

    // The resource is a register ("A0"), a field ("SR.S") or a cell; a row hits when it names it or its register.
    private static bool Hits(string name, string? resource) =>
        resource is not null && (name == resource || resource.StartsWith(name + ".", StringComparison.Ordinal) || name.StartsWith(resource + " ", StringComparison.Ordinal));

    private static void Row(StringBuilder html, string name, IEnumerable<string> values, bool hit)
    {
        var mark = hit ? " class=\"hit\"" : "";
        html.Append($"<tr><th{mark}>{E(name)}{(hit ? " ★" : "")}</th>");
        html.Append(string.Concat(values.Select(v => $"<td{mark}>{E(v)}</td>")));
        html.Append("</tr>");
    }
}
