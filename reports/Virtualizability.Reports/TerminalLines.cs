using Spectre.Console;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>
/// The instruction table as plain aligned lines: one instruction per line whatever its length, for CI logs
/// and pipes, where a wrapped row would hide an instruction from grep.
/// </summary>
internal static class TerminalLines
{
    private static readonly string[] Headers = ["instruction", "class", "privileged", "control", "behavior", "user-sensitive", "reason"];

    public static void Write(SpecClassification result, IAnsiConsole console)
    {
        var rows = result.Instructions.Select(i => (i.Class, Cells: new[]
        {
            i.Name, ReportText.Word(i.Class), ReportText.Word(i.Privileged.Answer), ReportText.Word(i.ControlSensitive.Answer),
            ReportText.Behavior(i), ReportText.Word(i.UserSensitive.Answer), ReportText.Reason(i),
        })).ToList();
        var widths = Headers.Select((h, c) => rows.Select(r => r.Cells[c].Length).Append(h.Length).Max()).ToArray();
        Line(console, Headers, widths, new Style(decoration: Decoration.Bold));
        foreach (var (@class, cells) in rows)
        {
            Line(console, cells, widths, TerminalReport.ClassStyle(@class));
        }
    }

    // Spectre wraps text at the console's width: the caller gives a console wide enough for any line.
    private static void Line(IAnsiConsole console, string[] cells, int[] widths, Style style)
    {
        var last = cells.Length - 1;
        var text = string.Concat(cells.Take(last).Select((c, i) => c.PadRight(widths[i] + 2))) + cells[last];
        console.Write(new Text(text.TrimEnd(), style));
        console.WriteLine();
    }
}
