using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>What `virt explain` prints: plain text, one fact per line, so it reads in a terminal and in a log.</summary>
internal static class ExplainText
{
    // The question each property asks (DESIGN.md §4), in words; the formulas say it exactly.
    private static readonly Dictionary<string, string> Questions = new(StringComparer.Ordinal)
    {
        ["privileged"] = "is there a pair of states differing only in mode, one in the supervisor mode and one in the guest supervisor mode, both satisfying the invariants and Φ, neither memory-trapping, in which it runs in both? (no, and it runs in the supervisor mode: privileged)",
        ["privileged-in-guest-user"] = "the privileged question for the guest user mode (Theorem 3)",
        ["control-sensitive"] = "is there a state in which it runs without trapping and changes a mode or control element?",
        ["behavior-sensitive"] = "are there two states with equal user parts (memory seen through the relocation), neither trapping, whose user results differ?",
        ["mode-sensitive"] = "the behavior question for two states that differ only in mode",
        ["location-sensitive"] = "the behavior question for two states that differ only in relocation (placement)",
        ["configuration-sensitive"] = "the behavior question for two states that differ only in other control state",
        ["user-sensitive"] = "is it control- or behavior-sensitive with the states in the guest user mode?",
    };

    public static void Write(IsaSpec spec, SpecClassification result, InstructionClassification instruction, IReadOnlyList<(string Query, string Formula)> asked, bool formulas, TextWriter output)
    {
        var mnemonic = instruction.Mnemonic is null ? "" : $" ({instruction.Mnemonic})";
        output.WriteLine($"{instruction.Name}{mnemonic}: {ReportText.Word(instruction.Class)} — {ReportText.Reason(instruction)}");
        output.WriteLine($"  {spec.Name}, guest supervisor code in {result.GuestSupervisorMode}, guest user code in {result.GuestUserMode}, the VMM keeps {result.Keeps}");
        output.WriteLine();
        output.WriteLine("properties:");
        foreach (var property in instruction.AllProperties)
        {
            output.WriteLine($"  {property.Property,-24} {ReportText.Word(property.Answer),-8} {ReportText.TextOf(property)}");
            if (Questions.TryGetValue(property.Property, out var question))
            {
                output.WriteLine($"  {"",-24} asked: {question}");
            }
        }

        foreach (var claim in instruction.Claims)
        {
            output.WriteLine($"  claim {claim.Claim} at {ReportText.Location(claim.Location)}: {ReportText.Word(claim.Status)}");
        }

        Witnesses(instruction, output);
        Queries(asked, formulas, output);
        SpecLines(spec, instruction, output);
    }

    private static void Witnesses(InstructionClassification instruction, TextWriter output)
    {
        foreach (var property in instruction.AllProperties.Where(p => p.Witness is not null))
        {
            var witness = property.Witness!;
            output.WriteLine();
            output.WriteLine($"witness of {property.Property}: {witness.Reason}");
            if (witness.Operands.Length > 0)
            {
                output.WriteLine($"  operands: {string.Join(", ", witness.Operands.Select(o => $"{o.Name}={Virtualizability.Analyzer.Diagnostics.Hex.Format(o.Value)}"))}");
            }

            var states = witness.States;
            var names = states.SelectMany(s => s.Registers.Select(r => r.Name).Concat(s.MemoryRead.Select(m => m.Name))).Distinct().ToList();
            var rows = new List<string[]>();
            rows.Add(["before", .. states.Select(s => $"{s.Label} in {s.Mode}")]);
            rows.AddRange(names.Select(n => (string[])[n, .. states.Select(s => Value(s, n))]));
            rows.Add(["outcome", .. states.Select(s => s.Outcome)]);
            rows.Add(["after (changes)", .. states.Select(s => s.Changes.Length == 0 ? "none" : string.Join("; ", s.Changes))]);
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                output.WriteLine("  " + string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            }
        }
    }

    private static string Value(WitnessState state, string name) =>
        state.Registers.Concat(state.MemoryRead).FirstOrDefault(v => v.Name == name) is { } value ? Virtualizability.Analyzer.Diagnostics.Hex.Format(value.Value) : "";

    private static void Queries(IReadOnlyList<(string Query, string Formula)> asked, bool formulas, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"queries asked ({asked.Count}){(formulas ? "" : "; --formulas prints each as SMT-LIB")}:");
        foreach (var (query, formula) in asked.OrderBy(q => q.Query, StringComparer.Ordinal))
        {
            output.WriteLine($"  {query}");
            if (formulas)
            {
                output.WriteLine(formula);
            }
        }
    }

    // The instruction's entry in its YAML file, up to the next instruction's (or the file's end).
    private static void SpecLines(IsaSpec spec, InstructionClassification instruction, TextWriter output)
    {
        var file = instruction.Location.File;
        var lines = File.ReadAllLines(file);
        var first = instruction.Location.Line;
        var next = spec.Instructions.Where(i => i.Location.File == file && i.Location.Line > first).Select(i => i.Location.Line).DefaultIfEmpty(lines.Length + 1).Min();
        var last = next - 1;
        while (last > first && string.IsNullOrWhiteSpace(lines[last - 1]))
        {
            last--;
        }

        output.WriteLine();
        output.WriteLine($"spec {ReportText.Path(file)}:{first}-{last}:");
        for (var line = first; line <= last; line++)
        {
            output.WriteLine($"  {line,5} | {lines[line - 1]}");
        }
    }
}
