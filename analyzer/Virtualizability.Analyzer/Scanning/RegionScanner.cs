using System.Collections.Immutable;
using Iced.Intel;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Linear decoding of one code region with Iced. Every byte sequence is decoded in order from the
/// region's start; an invalid decode is counted and decoding resumes one byte later (as objdump does).
/// Data inside code is decoded as if it were code: linear decoding cannot tell the two apart, so a
/// finding inside embedded data is possible, and an instruction hidden behind data can be missed.
/// </summary>
internal static class RegionScanner
{
    private static readonly int MnemonicCount = Enum.GetValues<Mnemonic>().Length;

    private const ulong ProgressStep = 1 << 20;

    public static RegionScan Scan(BinaryImage image, CodeRegion region, VerdictTable verdicts, bool allSensitive, IProgress<long>? progress = null)
    {
        var reader = new ByteArrayCodeReader(image.Bytes, (int)region.FileOffset, region.Length);
        var decoder = Decoder.Create(image.Bitness, reader, region.Address, DecoderOptions.None);
        var end = region.Address + (ulong)region.Length;
        var unclaimed = new long[MnemonicCount];
        var findings = ImmutableArray.CreateBuilder<Finding>();
        long instructions = 0, invalid = 0;
        var reported = region.Address;
        while (decoder.IP < end)
        {
            var ip = decoder.IP;
            if (progress is not null && ip - reported >= ProgressStep)
            {
                progress.Report((long)(ip - reported));
                reported = ip;
            }

            decoder.Decode(out var instruction);
            if (instruction.IsInvalid)
            {
                invalid++;
                var next = (int)(ip + 1 - region.Address);
                reader.Position = (int)region.FileOffset + next;
                decoder.IP = ip + 1;
                continue;
            }

            instructions++;
            var verdict = verdicts.Find(instruction);
            if (verdict is null)
            {
                unclaimed[(int)instruction.Mnemonic]++;
            }
            else if (verdict.Class == InstructionClass.Critical || (allSensitive && verdict.Sensitive))
            {
                findings.Add(FindingOf(image, region, instruction, verdict));
            }
        }

        progress?.Report((long)(end - reported));
        return new RegionScan(region, instructions, invalid, findings.ToImmutable(), Unclaimed(unclaimed));
    }

    private static Finding FindingOf(BinaryImage image, CodeRegion region, in Instruction instruction, ScanVerdict verdict)
    {
        var offset = region.FileOffset + (long)(instruction.IP - region.Address);
        var output = new StringOutput();
        new IntelFormatter().Format(instruction, output);
        return new Finding(
            image.Path,
            region.Name,
            instruction.IP,
            offset,
            ImmutableArray.Create(image.Bytes, (int)offset, instruction.Length),
            output.ToStringAndReset(),
            instruction.Mnemonic.ToString().ToLowerInvariant(),
            verdict,
            image.SymbolAt(instruction.IP));
    }

    private static ImmutableDictionary<string, long> Unclaimed(long[] counts)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        for (var m = 0; m < counts.Length; m++)
        {
            if (counts[m] > 0)
            {
                builder[((Mnemonic)m).ToString().ToLowerInvariant()] = counts[m];
            }
        }

        return builder.ToImmutable();
    }
}
