using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>How the terminal report is laid out.</summary>
/// <param name="Witnesses">every witness's reason under the table</param>
/// <param name="Quiet">only the theorems' verdict lines</param>
/// <param name="Lines">
/// one line per instruction, columns aligned by spaces, for logs and pipes (grep finds an instruction with
/// its whole row); give a console wider than any line (Profile.Width), so nothing wraps. Otherwise a table
/// fitted to the console's width.
/// </param>
public sealed record TerminalOptions(bool Witnesses = false, bool Quiet = false, bool Lines = false);

/// <summary>
/// The analysis for a person at a terminal or in a CI log: a table (or aligned lines), the theorems'
/// verdicts and how long the solver took. Unlike the file reports it shows timings, since nobody
/// snapshots a terminal.
/// </summary>
public static class TerminalReport
{
    /// <summary>Below this width the table drops the per-property columns for a compact layout.</summary>
    public const int CompactBelow = 110;

    public static void Write(SpecClassification result, IAnsiConsole console, bool witnesses) =>
        Write(result, console, new TerminalOptions(witnesses));

    public static void Write(SpecClassification result, IAnsiConsole console, TerminalOptions options)
    {
        if (!options.Quiet)
        {
            Body(result, console, options);
        }

        Verdicts(result, console);
        if (options.Quiet)
        {
            return;
        }

        Claims(result, console);
        console.Write(new Text(Statistics(result.Statistics), new Style(Color.Grey)));
        console.WriteLine();
    }

    private static void Body(SpecClassification result, IAnsiConsole console, TerminalOptions options)
    {
        if (options.Lines)
        {
            console.Write(new Text($"{result.Isa} {ReportText.Path(result.File)}", new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            TerminalLines.Write(result, console);
        }
        else
        {
            console.Write(new Rule($"[bold]{Markup.Escape(result.Isa)}[/] [dim]{Markup.Escape(ReportText.Path(result.File))}[/]").LeftJustified());
            console.Write(console.Profile.Width < CompactBelow ? CompactTable(result) : Table(result));
        }

        if (options.Witnesses)
        {
            Witnesses(result, console);
        }
    }

    private static void Verdicts(SpecClassification result, IAnsiConsole console)
    {
        foreach (var verdict in result.Theorems)
        {
            console.Write(new Paragraph()
                .Append($"{verdict.Theorem}: ", new Style(decoration: Decoration.Bold))
                .Append(ReportText.Word(verdict.Holds), VerdictStyle(verdict.Holds))
                .Append($"  {verdict.Explanation}")
                .Append(verdict.Culprits.Length == 0 ? "" : $" ({string.Join(", ", verdict.Culprits)})", new Style(Color.Grey)));
            console.WriteLine();
        }
    }

    private static void Claims(SpecClassification result, IAnsiConsole console)
    {
        foreach (var (instruction, claim) in result.Instructions.SelectMany(i => i.Claims.Where(c => c.Fails).Select(c => (i, c))))
        {
            console.Write(new Text($"claim failed at {ReportText.Location(claim.Location)}: {instruction.Name} expects {claim.Claim}, the analysis finds it {ReportText.Word(instruction.Class)}", new Style(Color.Red)));
            console.WriteLine();
        }

        foreach (var (instruction, claim) in result.Instructions.SelectMany(i => i.Claims.Where(c => c.Status == ClaimStatus.Undecided).Select(c => (i, c))))
        {
            console.Write(new Text($"claim undecided at {ReportText.Location(claim.Location)}: {instruction.Name} expects {claim.Claim}, {ReportText.UndecidedText(instruction)}", new Style(Color.Yellow)));
            console.WriteLine();
        }
    }

    public static string Statistics(AnalysisStatistics statistics) => string.Create(
        CultureInfo.InvariantCulture,
        $"{statistics.Queries} queries, median {statistics.MedianQueryMilliseconds:F1} ms, total {statistics.TotalQueryMilliseconds / 1000:F1} s");

    public static Style ClassStyle(InstructionClass @class) => @class switch
    {
        InstructionClass.Critical => new Style(Color.Red, decoration: Decoration.Bold),
        InstructionClass.Privileged => new Style(Color.Green),
        InstructionClass.AlwaysTraps => new Style(Color.Blue),
        InstructionClass.Unknown => new Style(Color.Yellow),
        _ => Style.Plain,
    };

    private static Style VerdictStyle(Answer holds) => holds switch
    {
        Answer.Yes => new Style(Color.Green, decoration: Decoration.Bold),
        Answer.No => new Style(Color.Red, decoration: Decoration.Bold),
        _ => new Style(Color.Yellow, decoration: Decoration.Bold),
    };

    // Short headers, so that at 120 columns an innocuous instruction's row fits on one line.
    private static Table Table(SpecClassification result)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "instruction", "class", "priv", "ctrl", "behavior", "user", "reason" })
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))) { NoWrap = header != "reason" && header != "behavior" });
        }

        foreach (var i in result.Instructions)
        {
            var style = ClassStyle(i.Class);
            table.AddRow(new IRenderable[]
            {
                new Text(i.Name, style),
                new Text(ReportText.Word(i.Class), style),
                AnswerCell(i.Privileged.Answer),
                AnswerCell(i.ControlSensitive.Answer),
                new Text(ReportText.Behavior(i)),
                AnswerCell(i.UserSensitive.Answer),
                new Text(ReportText.Reason(i), new Style(Color.Grey)),
            });
        }

        return table;
    }

    // The compact layout for narrow terminals: the sensitivity in one column, the reason wrapped in the last.
    private static Table CompactTable(SpecClassification result)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "instruction", "class", "sensitive", "reason" })
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))) { NoWrap = header != "reason" });
        }

        foreach (var i in result.Instructions)
        {
            var style = ClassStyle(i.Class);
            table.AddRow(new Text(i.Name, style), new Text(ReportText.Word(i.Class), style), new Text(Sensitivity(i)), new Text(ReportText.Reason(i), new Style(Color.Grey)));
        }

        return table;
    }

    /// <summary>"control", "behavior (mode)", "no" or "unknown": why an instruction is sensitive, in one cell.</summary>
    public static string Sensitivity(InstructionClassification instruction)
    {
        var kinds = new List<string>();
        if (instruction.ControlSensitive.Answer == Answer.Yes)
        {
            kinds.Add("control");
        }

        if (instruction.BehaviorSensitive.Answer == Answer.Yes)
        {
            kinds.Add(ReportText.BehaviorKinds(instruction) is { Length: > 0 } k ? $"behavior ({k})" : "behavior");
        }

        return kinds.Count > 0 ? string.Join(", ", kinds) : ReportText.Word(instruction.Sensitivity);
    }

    private static Text AnswerCell(Answer answer) =>
        new(ReportText.Word(answer), answer == Answer.Unknown ? new Style(Color.Yellow) : Style.Plain);

    private static void Witnesses(SpecClassification result, IAnsiConsole console)
    {
        foreach (var instruction in result.Instructions.Where(i => i.AllProperties.Any(p => p.Witness is not null)))
        {
            console.Write(new Text(instruction.Name, ClassStyle(instruction.Class)));
            console.WriteLine();
            foreach (var property in instruction.AllProperties.Where(p => p.Witness is not null))
            {
                console.Write(new Text($"  {property.Property} = {ReportText.Word(property.Answer)}: {property.Witness!.Reason}"));
                console.WriteLine();
            }
        }
    }
}
