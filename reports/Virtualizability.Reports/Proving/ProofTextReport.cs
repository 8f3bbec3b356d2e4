using System.Text;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Proving;

/// <summary>The proof for a terminal or a log: plain lines, the failing instructions first, then the rest.</summary>
public static class ProofTextReport
{
    public static string Write(SpecProof proof, double? seconds = null)
    {
        var text = new StringBuilder();
        text.Append($"{proof.Isa} ({ReportText.Path(proof.File)}) --vmm {proof.Design.Name()}, virtual supervisor code in {proof.GuestSupervisorMode}\n");
        foreach (var line in proof.Embedding)
        {
            text.Append($"  {line}\n");
        }

        foreach (var assumption in proof.Assumptions)
        {
            text.Append($"  assumption: {assumption}\n");
        }

        text.Append('\n');
        foreach (var i in proof.Instructions.OrderBy(i => i.Fails ? 0 : i.HasUnknowns ? 1 : 2))
        {
            text.Append($"{i.Name,-18} {ProofText.Class(i.Class),-13} {ProofText.Verdict(i),-8} {ProofText.Reason(i)}\n");
        }

        if (proof.Design.Patches())
        {
            text.Append($"\npatch set ({proof.PatchSet.Length}, minimal: {(proof.PatchSet.All(p => p.Needed) ? "yes" : "no")}):\n");
            foreach (var p in proof.PatchSet)
            {
                text.Append($"  {p.Instruction}: {(p.Needed ? "needed" : "NOT needed")}: {ProofText.Joined(p.Explanation, p.Evidence, true)}\n");
            }
        }

        foreach (var h in proof.Hypercalls)
        {
            text.Append($"hypercall {h.Name}: {h.Does}\n");
        }

        if (proof.Hardware is { } hardware)
        {
            text.Append($"\ncontrol setting ({(hardware.Synthesized ? $"synthesized, {hardware.SettingsTried} tried" : "asked for")}): {(hardware.SettingNames.IsEmpty ? "none" : string.Join(", ", hardware.SettingNames))}{(hardware.Found ? "" : " (does not prove every obligation)")}\n");
            foreach (var need in hardware.Needs)
            {
                text.Append($"  {need.Control}: {(need.Instruction.Length == 0 ? need.Explanation : $"{need.ObligationId} of {need.Instruction}: {ProofText.Joined(need.Explanation, need.Evidence, true)}")}\n");
            }
        }

        if (proof.TheoremCheck is { } check)
        {
            text.Append($"\n{check.Theorem}: failing set {(check.Agrees ? "equals" : "differs from")} the {check.ExpectedSetName} set ({check.Failing.Length} vs {check.Expected.Length})\n");
            foreach (var d in check.Differences)
            {
                text.Append($"  {d.Instruction}: {ProofText.Joined(d.Explanation, d.Evidence, true)}\n");
            }
        }

        text.Append($"\n{ProofText.Summary(proof)}\n");
        var timing = seconds is { } s ? $", {s:F1} s" : "";
        text.Append($"{proof.Statistics.Queries} obligation queries ({proof.Statistics.ClassificationQueries} classification queries){timing}\n");
        return text.ToString();
    }
}
