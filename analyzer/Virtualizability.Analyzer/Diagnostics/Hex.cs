using System.Globalization;

namespace Virtualizability.Analyzer.Diagnostics;

/// <summary>
/// The one way a value is written for people and for reports: "0x" and lowercase hex digits, whatever the
/// value, so witness reasons, JSON, Markdown, SARIF and scan reports spell the same value the same way.
/// </summary>
public static class Hex
{
    public static string Format(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
