using System.Globalization;
using System.Text;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Scanning;

namespace Virtualizability.Reports.Scanning;

/// <summary>A scan as a plain table (terminal) or as a Markdown summary.</summary>
public static class ScanTextReport
{
    private const int MaxUnclaimedShown = 15;

    public static string Table(ScanResult scan)
    {
        var text = new StringBuilder();
        foreach (var f in scan.Findings)
        {
            var where = f.Symbol ?? f.Region;
            text.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(f.File)}  {Hex.Format(f.Address),-12} off {Hex.Format((ulong)f.FileOffset),-10} {Convert.ToHexStringLower(f.Bytes.AsSpan()),-20} {f.Text,-28} {ScanJsonReport.ClassWord(f.Verdict.Class)} ({f.Verdict.Kinds})  {where}  {f.Verdict.Reason}");
        }

        foreach (var file in scan.Files)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{file.Path}: {file.Format}, {file.Bitness}-bit code, spec {file.Spec}: {file.Bytes} bytes, {file.Instructions} instructions, {file.InvalidDecodes} invalid decodes, {file.Findings.Count()} findings");
        }

        AppendCounts(text, "findings per mnemonic", scan.FindingsByMnemonic, int.MaxValue, plain: true);
        AppendCounts(text, "findings per section", scan.FindingsByRegion, int.MaxValue, plain: true);
        AppendCounts(text, "not covered by the spec, per mnemonic", scan.UnclaimedByMnemonic, MaxUnclaimedShown, plain: true);
        return text.ToString();
    }

    public static string Markdown(ScanResult scan)
    {
        var text = new StringBuilder();
        text.AppendLine("# virt scan").AppendLine();
        text.AppendLine("| file | format | bitness | spec | code bytes | instructions | invalid decodes | findings |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var file in scan.Files)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{file.Path}` | {file.Format} | {file.Bitness} | {file.Spec} | {file.Bytes} | {file.Instructions} | {file.InvalidDecodes} | {file.Findings.Count()} |");
        }

        text.AppendLine();
        AppendCounts(text, "Findings per mnemonic", scan.FindingsByMnemonic, int.MaxValue, plain: false);
        AppendCounts(text, "Findings per section", scan.FindingsByRegion, int.MaxValue, plain: false);
        if (scan.Findings.Any())
        {
            text.AppendLine("## Findings").AppendLine();
            text.AppendLine("| address | file offset | bytes | instruction | class | symbol | reason |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var f in scan.Findings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {Hex.Format(f.Address)} | {f.FileOffset} | `{Convert.ToHexStringLower(f.Bytes.AsSpan())}` | `{f.Text}` ({f.Verdict.Instruction}) | {ScanJsonReport.ClassWord(f.Verdict.Class)} ({f.Verdict.Kinds}) | {f.Symbol ?? f.Region} | {f.Verdict.Reason.Replace("|", "\\|", StringComparison.Ordinal)} |");
            }

            text.AppendLine();
        }

        AppendCounts(text, "Not covered by the spec, per mnemonic", scan.UnclaimedByMnemonic, MaxUnclaimedShown, plain: false);
        text.AppendLine("Decoding is linear over executable sections: bytes of data inside code are decoded as instructions too.");
        return text.ToString();
    }

    private static void AppendCounts(StringBuilder text, string title, IReadOnlyList<KeyValuePair<string, long>> counts, int limit, bool plain)
    {
        if (counts.Count == 0)
        {
            return;
        }

        var shown = counts.Take(limit).Select(p => $"{p.Key} {p.Value}");
        var more = counts.Count > limit ? $", and {counts.Count - limit} more" : "";
        text.AppendLine(plain ? $"{title}: {string.Join(", ", shown)}{more}" : $"**{title}**: {string.Join(", ", shown)}{more}");
        if (!plain)
        {
            text.AppendLine();
        }
    }
}
