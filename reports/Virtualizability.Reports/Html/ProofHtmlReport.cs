using System.Text;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Reports.Proving;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>
/// The proof of a VMM design as one self-contained page in the comparison's style: the verdicts as badges,
/// the embedding, Theorem 1 (or 3) as a checked fact, the patch set or control setting, the obligations as a
/// table coloured by result (each with its word), and every counterexample as a before/after table of the
/// virtual and the real state with the differing resource highlighted.
/// </summary>
public static class ProofHtmlReport
{
    public static string Write(SpecProof proof)
    {
        var html = new StringBuilder();
        HtmlPage.Open(html, $"virt prove {proof.Isa} --vmm {proof.Design.Name()}");
        html.Append($"<p class=\"sub\">Spec <code>{E(ReportText.Path(proof.File))}</code>; virtual supervisor code runs in <code>{E(proof.GuestSupervisorMode)}</code>.</p>\n");
        Verdicts(html, proof);
        html.Append("<h2>Embedding</h2>\n<ul>");
        html.Append(string.Concat(proof.Embedding.Select(line => $"<li>{E(line)}</li>")));
        html.Append(string.Concat(proof.Assumptions.Select(a => $"<li><strong>assumption</strong>: {E(a)}</li>")));
        html.Append("</ul>\n");
        ProofHtmlSections.Theorem(html, proof.TheoremCheck);
        ProofHtmlSections.Hardware(html, proof.Hardware);
        ProofHtmlSections.Patches(html, proof);
        Obligations(html, proof);
        Counterexamples(html, proof);
        HtmlPage.Close(html);
        return html.ToString();
    }

    private static void Verdicts(StringBuilder html, SpecProof proof)
    {
        var (word, css) = proof.ExitCode switch { 0 => ("proved", "yes"), 1 => ("refuted", "no"), _ => ("unknown", "unknown") };
        html.Append("<h2>Verdict</h2>\n<div class=\"badges\">");
        html.Append(Badge(proof.Design.Name(), css, word));
        if (proof.TheoremCheck is { } check)
        {
            html.Append(Badge($"{check.Theorem} check", check.Agrees ? "yes" : "no", check.Agrees ? "equal" : "different"));
        }

        if (proof.Design.Patches())
        {
            var minimal = proof.PatchSet.All(p => p.Needed);
            html.Append(Badge($"patch set of {proof.PatchSet.Length}", minimal ? "yes" : "no", minimal ? "minimal" : "not minimal"));
        }

        if (proof.Hardware is { } hardware)
        {
            html.Append(Badge("controls", hardware.Found ? "yes" : "no", hardware.SettingNames.IsEmpty ? "none" : string.Join(", ", hardware.SettingNames)));
        }

        html.Append($"</div>\n<p>{E(ProofText.Summary(proof))}.</p>\n");
    }

    private static void Obligations(StringBuilder html, SpecProof proof)
    {
        html.Append("<h2>Obligations</h2>\n<table class=\"obligations\"><thead><tr><th>instruction</th><th>class</th><th>verdict</th>");
        html.Append(string.Concat(Obligation.Ids.Select(id => $"<th>{E(id)}</th>")));
        html.Append("<th>reason</th></tr></thead><tbody>\n");
        foreach (var i in proof.Instructions)
        {
            html.Append($"<tr><th>{E(i.Name)}</th><td class=\"cls {ClassName(i.Class)}\">{E(ProofText.Class(i.Class))}</td>");
            html.Append($"<td class=\"ob {ProofText.Verdict(i)}\">{E(ProofText.Verdict(i))}</td>");
            foreach (var id in Obligation.Ids)
            {
                html.Append(i.Obligations.FirstOrDefault(o => o.Obligation.Id == id) is { } o
                    ? o.Result is ProofResult.Refuted
                        ? $"<td class=\"ob refuted\"><a href=\"#{E(Anchor(o))}\">refuted</a></td>"
                        : $"<td class=\"ob {ProofText.Word(o.Result)}\">{ProofText.Word(o.Result)}</td>"
                    : "<td class=\"absent\">–</td>");
            }

            html.Append($"<td class=\"note\">{E(ProofText.Reason(i))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Counterexamples(StringBuilder html, SpecProof proof)
    {
        var refuted = proof.Instructions.SelectMany(i => i.Obligations).Where(o => o.Result is ProofResult.Refuted).ToList();
        if (refuted.Count == 0)
        {
            return;
        }

        html.Append("<h2>Counterexamples</h2>\n<p class=\"note\">Each replayed on the concrete machine with the embedding's premises checked. ");
        html.Append("The virtual state lists its registers that are not 0 and the cells the instruction read; the real state only what differs from the virtual one. ★ marks the resource that differs.</p>\n");
        foreach (var o in refuted)
        {
            var c = ((ProofResult.Refuted)o.Result).Counterexample;
            html.Append($"<h3 id=\"{E(Anchor(o))}\">{E(o.Obligation.Instruction)} {E(o.Obligation.Id)} <span class=\"note\">{E(ReportText.Location(o.Obligation.Location))}</span></h3>\n");
            html.Append($"<p class=\"note\">{E(o.Obligation.Failure)}.</p>");
            html.Append(HtmlWitness.Write(new Witness(c.Reason, [c.Virtual, c.Real], c.Operands, c.Resource), (state, name) => Unlisted(c, state, name)));
            html.Append('\n');
        }
    }

    // The virtual state leaves out registers that are 0; the real one everything equal to the virtual state.
    private static string Unlisted(Counterexample c, int state, string name) =>
        state == 1 ? "as virtual"
        : c.Real.Registers.Any(r => r.Name == name) ? "0x0"
        : "—";

    private static string Anchor(ObligationResult o) => $"cx-{o.Obligation.Instruction}-{o.Obligation.Id}";
}
