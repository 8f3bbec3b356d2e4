using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>
/// The analysis for a person at a terminal: a colored table, the theorems' verdicts and how long the
/// solver took. Unlike the file reports it shows timings, since nobody snapshots a terminal.
/// </summary>
public static class TerminalReport
{
    public static void Write(SpecClassification result, IAnsiConsole console, bool witnesses)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(result.Isa)}[/] [dim]{Markup.Escape(ReportText.Path(result.File))}[/]").LeftJustified());
        console.Write(Table(result));
        if (witnesses)
        {
            Witnesses(result, console);
        }

        foreach (var verdict in result.Theorems)
        {
            console.Write(new Paragraph()
                .Append($"{verdict.Theorem}: ", new Style(decoration: Decoration.Bold))
                .Append(ReportText.Word(verdict.Holds), VerdictStyle(verdict.Holds))
                .Append($"  {verdict.Explanation}")
                .Append(verdict.Culprits.Length == 0 ? "" : $" ({string.Join(", ", verdict.Culprits)})", new Style(Color.Grey)));
            console.WriteLine();
        }

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

        console.Write(new Text(Statistics(result.Statistics), new Style(Color.Grey)));
        console.WriteLine();
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

    private static Table Table(SpecClassification result)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "instruction", "class", "privileged", "control", "behavior", "user-sensitive", "reason" })
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
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
