using System.Text;
using static Virtualizability.Reports.Html.HtmlText;

namespace Virtualizability.Reports.Html;

/// <summary>The frame every HTML report shares: one file, its style sheet inline, no script.</summary>
internal static class HtmlPage
{
    public static void Open(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{E(title)}</title>\n<style>\n{HtmlStyle.Css}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{E(title)}</h1>\n");
    }

    public static void Close(StringBuilder html) => html.Append("</body>\n</html>\n");
}
