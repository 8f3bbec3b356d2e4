using System.Text;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Reports;

/// <summary>
/// The analysis as GitHub-flavored Markdown, for a pull request comment or a review. Like the JSON report
/// it has no timings, so it is a stable snapshot of what the analysis found.
/// </summary>
public static class MarkdownReport
{
    public static string Write(SpecClassification result, RunMetadata metadata, bool witnesses)
    {
        var md = new StringBuilder();
        md.Append($"# Virtualizability of {result.Isa}\n\n");
        md.Append($"Spec `{ReportText.Path(result.File)}`, classified by virt per Popek and Goldberg (1974).\n");
        Configuration(md, result);
        Run(md, metadata);
        Theorems(md, result);
        Table(md, result);
        CriticalSection(md, result, witnesses);
        if (witnesses)
        {
            WitnessSection(md, result);
        }

        FailedClaims(md, result);
        return md.ToString();
    }

    private static void Configuration(StringBuilder md, SpecClassification result)
    {
        md.Append("\n## VMM configuration\n\n");
        md.Append("| setting | value |\n|---|---|\n");
        md.Append($"| real supervisor mode | {Cell(Code(result.SupervisorMode))} |\n");
        md.Append($"| guest supervisor code runs in | {Cell(Code(result.GuestSupervisorMode))} |\n");
        md.Append($"| guest user code runs in | {Cell(Code(result.GuestUserMode))} |\n");
        md.Append($"| the VMM keeps (Φ) | {Cell(Code(result.Keeps))} |\n");
    }

    private static void Run(StringBuilder md, RunMetadata metadata)
    {
        md.Append("\n## Run\n\n");
        md.Append("| setting | value |\n|---|---|\n");
        md.Append($"| virt | {Cell(metadata.ToolVersion)} |\n");
        md.Append($"| Z3 | {Cell(metadata.Z3Version)} |\n");
        md.Append($"| spec content | {Code(metadata.SpecHash)} |\n");
        md.Append($"| time limit per query | {Cell(metadata.TimeoutText)} |\n");
        md.Append($"| resource limit per query | {Cell(metadata.ResourceLimitText)} |\n");
        if (metadata.IsPartial)
        {
            md.Append($"| instructions analysed (--only) | {Cell(string.Join(", ", metadata.Only))}: the theorems speak of these alone |\n");
        }
    }

    private static void Theorems(StringBuilder md, SpecClassification result)
    {
        md.Append("\n## Theorems\n\n");
        foreach (var verdict in result.Theorems)
        {
            var culprits = verdict.Culprits.Length == 0 ? "" : $" ({string.Join(", ", verdict.Culprits)})";
            md.Append($"- **{verdict.Theorem}: {ReportText.Word(verdict.Holds)}**: {Inline(verdict.Explanation)}{culprits}\n");
        }
    }

    private static void Table(StringBuilder md, SpecClassification result)
    {
        // Where virtual user code runs in another mode than virtual supervisor code, the privileged question
        // is asked for each (Theorem 3 uses the second), and each answer gets its column.
        var perMode = result.GuestUserMode != result.GuestSupervisorMode;
        var privileged = perMode ? $"privileged in {Cell(Code(result.GuestSupervisorMode))} | privileged in {Cell(Code(result.GuestUserMode))}" : "privileged";
        md.Append("\n## Instructions\n\n");
        md.Append($"| instruction | class | {privileged} | control | behavior | user-sensitive | reason |\n");
        md.Append(perMode ? "|---|---|---|---|---|---|---|---|\n" : "|---|---|---|---|---|---|---|\n");
        foreach (var i in result.Instructions)
        {
            var name = i.Mnemonic is null ? Cell(i.Name) : $"{Cell(i.Name)} ({Cell(Code(i.Mnemonic))})";
            var @class = i.IsCritical ? "**critical**" : ReportText.Word(i.Class);
            var answers = perMode ? $"{ReportText.Word(i.Privileged.Answer)} | {ReportText.Word(i.PrivilegedInGuestUser.Answer)}" : ReportText.Word(i.Privileged.Answer);
            md.Append($"| {name} | {@class} | {answers} | {ReportText.Word(i.ControlSensitive.Answer)} | ");
            md.Append($"{Cell(ReportText.Behavior(i))} | {ReportText.Word(i.UserSensitive.Answer)} | {Cell(ReportText.Reason(i))} |\n");
        }
    }

    private static void CriticalSection(StringBuilder md, SpecClassification result, bool witnesses)
    {
        var critical = result.Instructions.Where(i => i.IsCritical).ToList();
        md.Append("\n## Critical instructions\n\n");
        if (critical.Count == 0)
        {
            md.Append("None: every sensitive instruction is privileged.\n");
            return;
        }

        md.Append("Sensitive but not privileged: a trap-and-emulate VMM never sees them, so scan-and-patch must.\n");
        foreach (var i in critical)
        {
            md.Append($"\n### {i.Name}\n\n`{ReportText.Location(i.Location)}`\n\n");
            Evidence(md, i, details: witnesses);
        }
    }

    private static void WitnessSection(StringBuilder md, SpecClassification result)
    {
        var others = result.Instructions.Where(i => !i.IsCritical && i.AllProperties.Any(p => p.Witness is not null)).ToList();
        if (others.Count == 0)
        {
            return;
        }

        md.Append("\n## Witnesses of the other instructions\n");
        foreach (var i in others)
        {
            md.Append($"\n### {i.Name} ({ReportText.Word(i.Class)})\n\n");
            Evidence(md, i, details: true);
        }
    }

    /// <summary>One bullet per property with a witness; with details, the witness's states underneath.</summary>
    private static void Evidence(StringBuilder md, InstructionClassification instruction, bool details)
    {
        foreach (var property in instruction.AllProperties.Where(p => p.Witness is not null))
        {
            var witness = property.Witness!;
            md.Append($"- {property.Property} = {ReportText.Word(property.Answer)}: {Inline(witness.Reason)}\n");
            if (!details)
            {
                continue;
            }

            if (witness.Operands.Length > 0)
            {
                md.Append($"  - operands: {Code(string.Join(", ", witness.Operands.Select(o => $"{o.Name}={Hex.Format(o.Value)}")))}\n");
            }

            foreach (var state in witness.States)
            {
                var changes = state.Changes.Length == 0 ? "" : $"; changes {Code(string.Join(", ", state.Changes))}";
                md.Append($"  - {state.Label} in {Code(state.Mode)}: {state.Outcome}{changes}\n");
            }
        }
    }

    private static void FailedClaims(StringBuilder md, SpecClassification result)
    {
        var failed = result.Instructions
            .SelectMany(i => i.Claims.Where(c => c.Fails).Select(c => (Instruction: i, Claim: c)))
            .ToList();
        if (failed.Count > 0)
        {
            md.Append("\n## Failed expect claims\n\n");
            foreach (var (instruction, claim) in failed)
            {
                md.Append($"- `{ReportText.Location(claim.Location)}`: {instruction.Name} expects {Code(claim.Claim)}, ");
                md.Append($"but the analysis finds it {ReportText.Word(instruction.Class)}\n");
            }
        }

        var undecided = result.Instructions
            .SelectMany(i => i.Claims.Where(c => c.Status == ClaimStatus.Undecided).Select(c => (Instruction: i, Claim: c)))
            .ToList();
        if (undecided.Count > 0)
        {
            md.Append("\n## Undecided expect claims\n\n");
            foreach (var (instruction, claim) in undecided)
            {
                md.Append($"- `{ReportText.Location(claim.Location)}`: {instruction.Name} expects {Code(claim.Claim)}, {Inline(ReportText.UndecidedText(instruction))}\n");
            }
        }
    }

    private static string Code(string text)
    {
        var inline = Inline(text);
        return inline.Contains('`') ? $"`` {inline} ``" : $"`{inline}`";
    }

    // A table row ends at a newline and splits at every unescaped pipe, even inside code spans.
    private static string Cell(string text) => Inline(text).Replace("|", "\\|");

    private static string Inline(string text) => text.ReplaceLineEndings(" ");
}
