using System.Buffers;
using System.Text;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// The text of a spec file: UTF-8 without NUL characters. A lenient decoder would turn a bad byte into a
/// replacement character that then shows up, far from its cause, as an unknown name; here it is an error at
/// the byte's own line and column. A byte-order mark is skipped and CRLF line ends are left to YAML, which
/// accepts them.
/// </summary>
internal static class SpecText
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static string? Decode(byte[] bytes, string displayPath, DiagnosticBag diagnostics)
    {
        var body = bytes.AsSpan().StartsWith(ByteOrderMark) ? bytes.AsSpan(ByteOrderMark.Length) : bytes.AsSpan();
        if (FirstInvalid(body) is { } bad)
        {
            var what = bad.Truncated ? "a UTF-8 sequence cut off by the end of the file" : $"byte 0x{body[bad.Offset]:X2}, which is not valid UTF-8";
            diagnostics.Add(Locate(body, bad.Offset, displayPath), $"{what}: a spec must be UTF-8 text (save it as UTF-8)");
            return null;
        }

        var nul = body.IndexOf((byte)0);
        if (nul >= 0)
        {
            diagnostics.Add(Locate(body, nul, displayPath), "NUL character: a spec is text, and text holds no NUL bytes (is this a binary file?)");
            return null;
        }

        return Encoding.UTF8.GetString(body);
    }

    private static (int Offset, bool Truncated)? FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return (offset, status == OperationStatus.NeedMoreData);
            }

            offset += consumed;
        }

        return null;
    }

    // Columns count characters, as YAML's marks and editors do, so the valid text before the byte is decoded.
    private static SourceLocation Locate(ReadOnlySpan<byte> bytes, int offset, string displayPath)
    {
        var before = bytes[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new SourceLocation(displayPath, line, column);
    }
}
