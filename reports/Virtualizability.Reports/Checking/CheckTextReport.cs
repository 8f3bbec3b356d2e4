using System.Text;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Checker;

namespace Virtualizability.Reports.Checking;

/// <summary>`virt check`'s report for a terminal or a log: one line a fact.</summary>
public static class CheckTextReport
{
    public static string Write(CheckReport report)
    {
        var text = new StringBuilder();
        if (report.Program is { } run)
        {
            text.AppendLine($"{run.Guest} on {report.Spec}: bare metal against the {report.Design.Name()} VMM{CheckText.Setting(report)}");
            text.AppendLine($"  bare metal  {CheckText.Ending(run.BareMetal)}{Output(run.BareMetal.Output)}");
            text.AppendLine($"  VMM         {CheckText.Ending(run.Vmm)}{Output(run.Vmm.Output)}");
            text.AppendLine("  " + string.Join(", ", CheckText.Counts(run.Counts, report.Design).Select(c => $"{c.Name} {c.Value:N0}")));
            foreach (var escape in run.Escapes.Take(5))
            {
                text.AppendLine($"  control escape: {CheckText.Escape(escape)}");
            }

            text.AppendLine(run.Divergence is { } d ? $"  first divergence: {CheckText.Divergence(d)}" : "  equivalent: the guest saw the same state at every step");
        }

        if (!report.Replays.IsEmpty)
        {
            var failed = report.Replays.Where(r => !r.Reproduced).ToList();
            text.AppendLine($"replays on {report.Spec}: {report.Replays.Length - failed.Count} of {report.Replays.Length} witnesses and counterexamples showed their difference");
            foreach (var f in failed)
            {
                text.AppendLine($"  NOT REPRODUCED {f.Kind} {f.Instruction} {f.Claim}: {f.Detail}");
            }
        }

        if (report.Random is { } random)
        {
            text.AppendLine($"random differential runs on {report.Spec} under {report.Design.Name()}{CheckText.Setting(report)}: {random.Runs:N0} runs over {random.Instructions} instructions (seed {random.Seed}), {random.Failures.Length} divergent, {random.Skipped:N0} start states outside the proofs' premise skipped");
            foreach (var f in random.Failures.Take(20))
            {
                text.AppendLine($"  DIVERGES {f.Instruction} (seed {f.Seed}): {f.Detail}");
            }
        }

        text.AppendLine($"result: {CheckText.Verdict(report)}");
        return text.ToString();
    }

    private static string Output(string? output) => output is null ? "" : $"; it wrote \"{output}\"";
}
