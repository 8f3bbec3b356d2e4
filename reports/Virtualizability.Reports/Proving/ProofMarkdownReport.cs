using System.Text;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Proving;

/// <summary>
/// The proof of a VMM design as Markdown: the embedding and its assumptions, the verdict, Theorem 1 (or 3)
/// as a checked fact, the patch set or hypercalls, a table of obligations per instruction, and every
/// counterexample. No timings, so it can be a snapshot; without <c>details</c> it leaves out every concrete
/// value (counterexamples, witness lines), which depend on the model Z3 happens to return.
/// </summary>
public static class ProofMarkdownReport
{
    public static string Write(SpecProof proof, bool details = true)
    {
        var md = new StringBuilder();
        md.Append($"# `virt prove` {proof.Isa} --vmm {proof.Design.Name()}\n\n");
        md.Append($"Spec: `{ReportText.Path(proof.File)}`; virtual supervisor code runs in `{proof.GuestSupervisorMode}`.\n\n");
        md.Append("## Embedding\n\n");
        foreach (var line in proof.Embedding)
        {
            md.Append($"- {Escape(line)}\n");
        }

        foreach (var assumption in proof.Assumptions)
        {
            md.Append($"- **assumption**: {Escape(assumption)}\n");
        }

        md.Append($"\n## Verdict\n\n**{(proof.ExitCode == 0 ? "proved" : proof.ExitCode == 1 ? "refuted" : "unknown")}**: {Escape(ProofText.Summary(proof))}\n\n");
        TheoremSection(md, proof.TheoremCheck, details);
        HardwareSection(md, proof.Hardware, details);
        PatchSection(md, proof, details);
        Table(md, proof, details);
        if (details)
        {
            Counterexamples(md, proof);
        }

        return md.ToString();
    }

    private static void TheoremSection(StringBuilder md, TheoremCheck? check, bool details)
    {
        if (check is null)
        {
            return;
        }

        md.Append($"## {check.Theorem} as a checked fact\n\n");
        md.Append($"- {check.ExpectedSetName} ({check.Expected.Length}): {List(check.Expected)}\n");
        md.Append($"- failing an obligation ({check.Failing.Length}): {List(check.Failing)}\n");
        md.Append(check.Agrees ? "- **equal**\n\n" : $"- **different** in {check.Differences.Length} instruction(s):\n");
        foreach (var d in check.Differences)
        {
            md.Append($"  - {d.Instruction}: {Escape(ProofText.Joined(d.Explanation, d.Evidence, details))}\n");
        }

        if (!check.Agrees)
        {
            md.Append('\n');
        }
    }

    private static void HardwareSection(StringBuilder md, HardwareResult? hardware, bool details)
    {
        if (hardware is null)
        {
            return;
        }

        var how = hardware.Synthesized
            ? hardware.Found ? $"a smallest setting under which every obligation holds ({hardware.SettingsTried} settings tried)" : $"no setting makes every obligation hold ({hardware.SettingsTried} settings tried); shown with every control that matters set"
            : "the setting asked for";
        md.Append($"## VM-execution controls\n\n- declared: {List(hardware.Declared)}\n- setting: **{List(hardware.SettingNames)}**: {how}\n");
        foreach (var need in hardware.Needs)
        {
            md.Append($"  - {need.Control}: {Escape(ProofText.Joined(need.Instruction.Length == 0 ? need.Explanation : $"{need.ObligationId} of {need.Instruction}: {need.Explanation}", need.Evidence, details))}\n");
        }

        md.Append('\n');
    }

    private static void PatchSection(StringBuilder md, SpecProof proof, bool details)
    {
        if (proof.Design == VmmDesign.Paravirtual)
        {
            md.Append($"## Hypercalls ({proof.Hypercalls.Length})\n\n| hypercall | replaces | what it must do |\n|---|---|---|\n");
            foreach (var h in proof.Hypercalls)
            {
                md.Append($"| `{h.Name}` | {h.Replaces} | {Escape(h.Does)} |\n");
            }

            md.Append('\n');
        }

        if (proof.Design.Patches())
        {
            md.Append($"## Patch set ({proof.PatchSet.Length}: the critical instructions)\n\n| instruction | needed | evidence |\n|---|---|---|\n");
            foreach (var p in proof.PatchSet)
            {
                md.Append($"| {p.Instruction} | {(p.Needed ? "yes" : "**no**")} | {Escape(ProofText.Joined(p.Explanation, p.Evidence, details))} |\n");
            }

            md.Append('\n');
        }
    }

    private static void Table(StringBuilder md, SpecProof proof, bool details)
    {
        md.Append("## Obligations\n\n| instruction | class | verdict | ");
        md.Append(string.Join(" | ", Obligation.Ids)).Append(" | reason |\n|---|---|---|");
        md.Append(string.Concat(Obligation.Ids.Select(_ => "---|"))).Append("---|\n");
        foreach (var i in proof.Instructions)
        {
            var cells = Obligation.Ids.Select(id => i.Obligations.FirstOrDefault(o => o.Obligation.Id == id) is { } o ? ProofText.Word(o.Result) : "–");
            md.Append($"| {i.Name} | {ProofText.Class(i.Class)} | {ProofText.Verdict(i)} | {string.Join(" | ", cells)} | {Escape(ProofText.Reason(i, details))} |\n");
        }

        md.Append('\n');
    }

    private static void Counterexamples(StringBuilder md, SpecProof proof)
    {
        var refuted = proof.Instructions.SelectMany(i => i.Obligations).Where(o => o.Result is ProofResult.Refuted).ToList();
        if (refuted.Count == 0)
        {
            return;
        }

        md.Append("## Counterexamples\n\nEach replayed on the concrete machine with the embedding's premises checked. The virtual state lists its registers that are not 0 and the cells the instruction read; the real state only the registers and cells that differ from the virtual one.\n\n");
        foreach (var o in refuted)
        {
            var c = ((ProofResult.Refuted)o.Result).Counterexample;
            md.Append($"### {o.Obligation.Instruction} {o.Obligation.Id} ({ReportText.Location(o.Obligation.Location)})\n\n{Escape(c.Reason)}\n\n");
            md.Append($"- operands: {Values(c.Operands)}\n");
            foreach (var s in new[] { c.Virtual, c.Real })
            {
                md.Append($"- {s.Label} ({s.Mode}): {Values(s.Registers)}{(s.MemoryRead.IsEmpty ? "" : "; " + Values(s.MemoryRead))} → {s.Outcome}{(s.Changes.IsEmpty ? "" : ": " + string.Join(", ", s.Changes))}\n");
            }

            md.Append('\n');
        }
    }

    private static string Values(IEnumerable<NamedValue> values) =>
        values.Any() ? string.Join(", ", values.Select(v => $"{v.Name}={Hex.Format(v.Value)}")) : "none";

    private static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";

    private static string Escape(string text) => text.Replace("|", "\\|");
}
