using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>One patched instruction: where it was and what it was, so a VMM can emulate it when its trap arrives.</summary>
public sealed record PatchEntry(ulong Address, long FileOffset, ImmutableArray<byte> Original, string Text, string Instruction, InstructionClass Class, string Region, string? Symbol);

/// <summary>
/// Scan-and-patch, the static half: every critical instruction is replaced in place by INT3 (CC), padded
/// with further INT3 bytes to the instruction's length, so no offset or address moves. The first byte
/// traps; the side table tells the VMM which instruction stood there.
/// </summary>
public static class Patcher
{
    public const byte Int3 = 0xCC;

    public static (byte[] Patched, ImmutableArray<PatchEntry> Table) Patch(BinaryImage image, FileScan scan)
    {
        var patched = image.Bytes.ToArray();
        var table = ImmutableArray.CreateBuilder<PatchEntry>();
        foreach (var finding in scan.Findings.Where(f => f.Verdict.Class == InstructionClass.Critical))
        {
            Array.Fill(patched, Int3, (int)finding.FileOffset, finding.Bytes.Length);
            table.Add(new PatchEntry(finding.Address, finding.FileOffset, finding.Bytes, finding.Text, finding.Verdict.Instruction, finding.Verdict.Class, finding.Region, finding.Symbol));
        }

        return (patched, table.ToImmutable());
    }
}
