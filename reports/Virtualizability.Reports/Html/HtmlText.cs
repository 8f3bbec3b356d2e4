using System.Net;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Html;

/// <summary>Escaping and the CSS class names of classes and answers.</summary>
internal static class HtmlText
{
    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string ClassName(InstructionClass c) => ReportText.Word(c);

    public static string AnswerName(Answer a) => ReportText.Word(a);

    /// <summary>A badge with its own word (proved, refuted, equal…) on the colour of an answer (yes, no, unknown).</summary>
    public static string Badge(string label, string answerClass, string word) =>
        $"<span class=\"badge {answerClass}\">{E(label)}: <strong>{E(word)}</strong></span>";

    public static string Badge(string label, Answer holds, string detail = "") =>
        $"<span class=\"badge {AnswerName(holds)}\">{E(label)}: <strong>{E(ReportText.Word(holds))}</strong>{(detail.Length == 0 ? "" : " " + E(detail))}</span>";
}
