using System.Text;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Checker;

namespace Virtualizability.Reports.Checking;

/// <summary>`virt check`'s report in Markdown.</summary>
public static class CheckMarkdownReport
{
    public static string Write(CheckReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"# virt check: {report.Spec}, {report.Design.Name()}{CheckText.Setting(report)}").AppendLine();
        if (report.Program is { } run)
        {
            text.AppendLine($"## {run.Guest}").AppendLine();
            text.AppendLine("| run | ending | output |").AppendLine("|---|---|---|");
            text.AppendLine($"| bare metal | {CheckText.Ending(run.BareMetal)} | {run.BareMetal.Output} |");
            text.AppendLine($"| {report.Design.Name()} VMM | {CheckText.Ending(run.Vmm)} | {run.Vmm.Output} |").AppendLine();
            text.AppendLine("| count | value |").AppendLine("|---|---:|");
            foreach (var (name, value) in CheckText.Counts(run.Counts, report.Design))
            {
                text.AppendLine($"| {name} | {value:N0} |");
            }

            text.AppendLine();
            foreach (var escape in run.Escapes.Take(5))
            {
                text.AppendLine($"- control escape: {CheckText.Escape(escape)}");
            }

            text.AppendLine(run.Divergence is { } d ? $"**First divergence**: {CheckText.Divergence(d)}" : "**Equivalent**: the guest saw the same state at every step.").AppendLine();
        }

        if (!report.Replays.IsEmpty)
        {
            text.AppendLine("## Replays").AppendLine().AppendLine("| kind | instruction | claim | reproduced | detail |").AppendLine("|---|---|---|---|---|");
            foreach (var r in report.Replays)
            {
                text.AppendLine($"| {r.Kind} | {r.Instruction} | {r.Claim} | {(r.Reproduced ? "yes" : "**no**")} | {r.Detail.Replace("|", "\\|", StringComparison.Ordinal)} |");
            }

            text.AppendLine();
        }

        if (report.Random is { } random)
        {
            text.AppendLine("## Random differential runs").AppendLine();
            text.AppendLine($"{random.Runs:N0} runs over {random.Instructions} instructions, seed {random.Seed}: {random.Failures.Length} divergent ({random.Skipped:N0} start states outside the premise skipped).").AppendLine();
            foreach (var f in random.Failures)
            {
                text.AppendLine($"- **{f.Instruction}** (seed {f.Seed}): {f.Detail}");
            }

            text.AppendLine();
        }

        text.AppendLine($"Result: **{CheckText.Verdict(report)}**");
        return text.ToString();
    }
}
