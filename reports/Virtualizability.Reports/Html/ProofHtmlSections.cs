using System.Text;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Reports.Proving;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>The parts of a proof page that only some designs have: the theorem check, the controls, the patch set.</summary>
internal static class ProofHtmlSections
{
    public static void Theorem(StringBuilder html, TheoremCheck? check)
    {
        if (check is null)
        {
            return;
        }

        html.Append($"<h2>{E(check.Theorem)} as a checked fact</h2>\n<ul>");
        html.Append($"<li>{E(check.ExpectedSetName)} ({check.Expected.Length}): {E(List(check.Expected))}</li>");
        html.Append($"<li>failing an obligation ({check.Failing.Length}): {E(List(check.Failing))}</li>");
        html.Append(check.Agrees ? "<li><strong>equal</strong></li>" : $"<li><strong>different</strong> in {check.Differences.Length} instruction(s):<ul>");
        html.Append(string.Concat(check.Differences.Select(d => $"<li>{E(d.Instruction)}: {E(ProofText.Joined(d.Explanation, d.Evidence, true))}</li>")));
        html.Append(check.Agrees ? "</ul>\n" : "</ul></li></ul>\n");
    }

    public static void Hardware(StringBuilder html, HardwareResult? hardware)
    {
        if (hardware is null)
        {
            return;
        }

        var how = hardware.Synthesized
            ? hardware.Found ? $"a smallest setting under which every obligation holds ({hardware.SettingsTried} settings tried)" : $"no setting makes every obligation hold ({hardware.SettingsTried} settings tried); shown with every control that matters set"
            : "the setting asked for";
        html.Append("<h2>VM-execution controls</h2>\n");
        html.Append($"<p>Declared: {E(List(hardware.Declared))}. Setting: <strong>{E(List(hardware.SettingNames))}</strong>, {E(how)}.</p>\n");
        if (hardware.Needs.IsEmpty)
        {
            return;
        }

        html.Append("<table><thead><tr><th>control</th><th>needed by</th><th>without it</th></tr></thead><tbody>\n");
        foreach (var need in hardware.Needs)
        {
            var by = need.Instruction.Length == 0 ? "—" : $"{need.ObligationId} of {need.Instruction}";
            html.Append($"<tr><th>{E(need.Control)}</th><td>{E(by)}</td><td>{E(ProofText.Joined(need.Explanation, need.Evidence, true))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    public static void Patches(StringBuilder html, SpecProof proof)
    {
        if (proof.Design == VmmDesign.Paravirtual)
        {
            html.Append($"<h2>Hypercalls ({proof.Hypercalls.Length})</h2>\n<table><thead><tr><th>hypercall</th><th>replaces</th><th>what it must do</th></tr></thead><tbody>\n");
            html.Append(string.Concat(proof.Hypercalls.Select(h => $"<tr><th><code>{E(h.Name)}</code></th><td>{E(h.Replaces)}</td><td>{E(h.Does)}</td></tr>\n")));
            html.Append("</tbody></table>\n");
        }

        if (!proof.Design.Patches())
        {
            return;
        }

        html.Append($"<h2>Patch set ({proof.PatchSet.Length}: the critical instructions)</h2>\n");
        html.Append("<table><thead><tr><th>instruction</th><th>needed</th><th>evidence</th></tr></thead><tbody>\n");
        foreach (var p in proof.PatchSet)
        {
            var needed = p.Needed ? "<td class=\"ob proved\">yes</td>" : "<td class=\"ob refuted\">no</td>";
            html.Append($"<tr><th>{E(p.Instruction)}</th>{needed}<td>{E(ProofText.Joined(p.Explanation, p.Evidence, true))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
