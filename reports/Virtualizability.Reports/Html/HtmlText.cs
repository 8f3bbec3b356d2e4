using System.Net;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Html;

/// <summary>Escaping and the CSS class names of classes and answers.</summary>
internal static class HtmlText
{
    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string ClassName(InstructionClass c) => ReportText.Word(c);

    public static string AnswerName(Answer a) => ReportText.Word(a);

    public static string Badge(string label, Answer holds, string detail = "") =>
        $"<span class=\"badge {AnswerName(holds)}\">{E(label)}: <strong>{E(ReportText.Word(holds))}</strong>{(detail.Length == 0 ? "" : " " + E(detail))}</span>";
}
