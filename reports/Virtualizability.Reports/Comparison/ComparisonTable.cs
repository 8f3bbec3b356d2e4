using System.Globalization;
using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Comparison;

/// <summary>
/// The per-ISA summary of a comparison for a terminal: one aligned line per ISA (name, instruction count,
/// count per class, the theorems, each design's verdict in short form) and a legend. The per-instruction
/// table is left to the file formats: with one column per ISA it is too wide for a terminal. Where the
/// one-line layout is wider than the console, each ISA takes two lines, its designs on the second, so that
/// 80 columns hold every shipped spec.
/// </summary>
public static class ComparisonTable
{
    private const string Gap = "  ";

    private sealed record Cell(string Text, Style Style);

    public static void Write(IsaComparison comparison, IAnsiConsole console)
    {
        var designs = ComparisonText.DesignNames(comparison);
        var wide = Wide(comparison, designs);
        if (Width(wide) <= console.Profile.Width)
        {
            Lines(console, wide);
        }
        else
        {
            Narrow(comparison, designs, console);
        }

        Legend(designs, console);
    }

    /// <summary>The label of a design's column: trap-and-emulate abbreviated, so that the column is as narrow as its verdicts.</summary>
    public static string Label(string design) => design == VmmDesign.TrapAndEmulate.Name() ? "t&e" : design;

    /// <summary>
    /// A design's verdict in a few characters: "yes", "no (3)" with the instructions refuted, "unknown (1)"
    /// with those undecided, "yes (2)" with a patch set's or a control setting's size; "-" where not proved.
    /// </summary>
    public static string Short(ComparedIsa isa, string design)
    {
        if (isa.Designs.FirstOrDefault(d => d.Design == design) is not { } verdict)
        {
            return "-";
        }

        var count = verdict.Failure is not null ? null
            : verdict.Holds == Answer.No ? verdict.Refuted
            : verdict.Holds == Answer.Unknown ? verdict.Unknown
            : verdict.PatchSet ?? verdict.Controls?.Length;
        var word = ReportText.Word(verdict.Holds);
        return count is { } n && (n > 0 || verdict.Holds == Answer.Yes) ? string.Create(CultureInfo.InvariantCulture, $"{word} ({n})") : word;
    }

    private static List<Cell[]> Wide(IsaComparison comparison, List<string> designs)
    {
        var header = new[] { "ISA", "instr" }.Concat(IsaComparison.Classes.Select(Abbreviation)).Concat(["T1", "T2", "T3"]).Concat(designs.Select(Label));
        var rows = new List<Cell[]> { header.Select(h => new Cell(h, Bold)).ToArray() };
        rows.AddRange(comparison.Isas.Select(isa => WideRow(isa, designs)));
        return rows;
    }

    private static Cell[] WideRow(ComparedIsa isa, List<string> designs) =>
    [
        new Cell(isa.Name, Bold),
        Number(isa.Analysis.Instructions.Length),
        .. IsaComparison.Classes.Select(c => new Cell(Number(isa.Count(c)).Text, isa.Count(c) > 0 ? TerminalReport.ClassStyle(c) : Style.Plain)),
        .. isa.Analysis.Theorems.Select(t => Verdict(t.Holds, ReportText.Word(t.Holds))),
        .. designs.Select(d => Verdict(Holds(isa, d), Short(isa, d))),
    ];

    // Classes and theorems in one cell each ("4/3/0/2/0", "no/no/yes"), the designs on a line of their own.
    private static void Narrow(IsaComparison comparison, List<string> designs, IAnsiConsole console)
    {
        var classes = string.Join("/", IsaComparison.Classes.Select(Abbreviation));
        var rows = new List<Cell[]> { new[] { "ISA", "instr", classes, "T1/T2/T3" }.Select(h => new Cell(h, Bold)).ToArray() };
        rows.AddRange(comparison.Isas.Select(isa => new[]
        {
            new Cell(isa.Name, Bold),
            Number(isa.Analysis.Instructions.Length),
            new Cell(string.Join("/", IsaComparison.Classes.Select(c => isa.Count(c).ToString(CultureInfo.InvariantCulture))), isa.Count(InstructionClass.Critical) > 0 ? TerminalReport.ClassStyle(InstructionClass.Critical) : Style.Plain),
            Verdict(Worst(isa.Analysis.Theorems.Select(t => t.Holds)), string.Join("/", isa.Analysis.Theorems.Select(t => ReportText.Word(t.Holds)))),
        }));
        var widths = Widths(rows);
        for (var r = 0; r < rows.Count; r++)
        {
            Line(console, rows[r], widths);
            if (r > 0)
            {
                var isa = comparison.Isas[r - 1];
                var proved = designs.Where(d => isa.Designs.Any(v => v.Design == d)).Select(d => Verdict(Holds(isa, d), $"{Label(d)}: {Short(isa, d)}")).ToList();
                if (proved.Count > 0)
                {
                    Line(console, [new Cell(" ", Style.Plain), .. proved], null);
                }
            }
        }
    }

    // Short lines, each its own paragraph, so that a narrow terminal wraps them at word boundaries.
    private static void Legend(List<string> designs, IAnsiConsole console)
    {
        var lines = new List<string>
        {
            $"{string.Join(", ", IsaComparison.Classes.Select(c => $"{Abbreviation(c)}: {ReportText.Word(c)}"))}; T1-T3: Theorems 1-3.",
        };
        if (designs.Count > 0)
        {
            var abbreviated = designs.Where(d => Label(d) != d).Select(d => $"{Label(d)}: {d}");
            lines.Add($"Designs as `virt prove` proves them ({string.Join(", ", abbreviated.Append("-: not proved for that ISA"))}): "
                + "no (n): n instructions refuted; unknown (n): n undecided; yes (n): a patch set or a control setting of n.");
        }

        lines.Add("Each instruction's class per ISA: -f markdown, json, latex or html.");
        console.WriteLine();
        foreach (var line in lines)
        {
            console.Write(new Text(line, Grey));
            console.WriteLine();
        }
    }

    private static string Abbreviation(InstructionClass @class) => @class switch
    {
        InstructionClass.Innocuous => "inn",
        InstructionClass.Privileged => "priv",
        InstructionClass.AlwaysTraps => "trap",
        InstructionClass.Critical => "crit",
        _ => "unk",
    };

    private static Answer Holds(ComparedIsa isa, string design) =>
        isa.Designs.FirstOrDefault(d => d.Design == design)?.Holds ?? Answer.Unknown;

    private static Answer Worst(IEnumerable<Answer> answers)
    {
        var all = answers.ToList();
        return all.Contains(Answer.No) ? Answer.No : all.Contains(Answer.Unknown) ? Answer.Unknown : Answer.Yes;
    }

    private static Cell Verdict(Answer holds, string text) => new(text, text == "-" ? Style.Plain : holds switch
    {
        Answer.Yes => new Style(Color.Green),
        Answer.No => new Style(Color.Red),
        _ => new Style(Color.Yellow),
    });

    private static Cell Number(int n) => new(n.ToString(CultureInfo.InvariantCulture), Style.Plain);

    private static Style Bold => new(decoration: Decoration.Bold);

    private static Style Grey => new(Color.Grey);

    private static void Lines(IAnsiConsole console, List<Cell[]> rows)
    {
        var widths = Widths(rows);
        foreach (var row in rows)
        {
            Line(console, row, widths);
        }
    }

    private static int[] Widths(List<Cell[]> rows) =>
        [.. Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Text.Length))];

    private static int Width(List<Cell[]> rows) => Widths(rows).Sum() + (Gap.Length * (rows[0].Length - 1));

    // Counts are right-aligned, text left-aligned; widths null: cells separated by one gap, not aligned.
    private static void Line(IAnsiConsole console, Cell[] cells, int[]? widths)
    {
        var line = new Paragraph();
        for (var c = 0; c < cells.Length; c++)
        {
            var text = cells[c].Text;
            if (widths is not null && c < cells.Length - 1)
            {
                text = c > 0 && text.Length > 0 && text.All(char.IsAsciiDigit) ? text.PadLeft(widths[c]) : text.PadRight(widths[c]);
            }

            line.Append(text, cells[c].Style);
            if (c < cells.Length - 1)
            {
                line.Append(Gap);
            }
        }

        console.Write(line);
        console.WriteLine();
    }
}
