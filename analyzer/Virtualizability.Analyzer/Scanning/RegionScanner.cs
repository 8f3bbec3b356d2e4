using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Iced.Intel;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Linear decoding of one code region with Iced. Every byte sequence is decoded in order from the
/// region's start; an invalid decode is counted and decoding resumes one byte later (as objdump does).
/// Data inside code is decoded as if it were code: linear decoding cannot tell the two apart, so a
/// finding inside embedded data is possible, and an instruction hidden behind data can be missed.
/// A large region is decoded in chunks on several workers and the chunks are stitched together exactly
/// (<see cref="RegionChunks"/>), so the result is the same as one linear pass.
/// </summary>
internal sealed class RegionScanner(BinaryImage image, CodeRegion region, VerdictTable verdicts, bool allSensitive, IProgress<long>? progress)
{
    private const ulong ProgressStep = 1 << 20;
    private static readonly int MnemonicCount = Enum.GetValues<Mnemonic>().Length;

    public CodeRegion Region => region;

    public static RegionScan Scan(BinaryImage image, CodeRegion region, VerdictTable verdicts, bool allSensitive, IProgress<long>? progress = null, int jobs = 1)
    {
        var scanner = new RegionScanner(image, region, verdicts, allSensitive, progress);
        var tally = jobs > 1 ? RegionChunks.Scan(scanner, jobs) : scanner.Whole();
        return new RegionScan(region, tally.Instructions, tally.Invalid, [.. tally.Findings], Unclaimed(tally.Unclaimed));
    }

    public Tally NewTally(bool window) => new(MnemonicCount, window);

    public Tally Whole()
    {
        var tally = NewTally(window: false);
        Decode(region.Address, region.Address + (ulong)region.Length, tally, 0, null);
        return tally;
    }

    /// <summary>
    /// Decodes from <paramref name="from"/> while the address is below <paramref name="until"/> (an
    /// instruction that starts below it is decoded whole, even across it), adding to the tally; the steps
    /// below <paramref name="windowEnd"/> are also recorded. Stops early at an address in
    /// <paramref name="syncAt"/>. Returns the address it stopped at. Compiled fully optimized at once: it
    /// is entered a few times and loops millions of times, so precompiled (ReadyToRun) code, which cannot
    /// inline Iced's accessors across assemblies, or tier-0 code would run most of a scan.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong Decode(ulong from, ulong until, Tally tally, ulong windowEnd, HashSet<ulong>? syncAt)
    {
        using var pinned = image.Bytes.Slice((int)region.FileOffset, region.Length).Pin();
        var reader = new PointerCodeReader(pinned, region.Length) { Position = (int)(from - region.Address) };
        var decoder = Decoder.Create(image.Bitness, reader, from, DecoderOptions.None);
        var end = region.Address + (ulong)region.Length;
        var limit = Math.Min(until, end);
        var reported = from;
        while (decoder.IP < limit)
        {
            var ip = decoder.IP;
            if (syncAt is not null && syncAt.Contains(ip))
            {
                return ip;
            }

            if (progress is not null && ip - reported >= ProgressStep)
            {
                progress.Report((long)(ip - reported));
                reported = ip;
            }

            decoder.Decode(out var instruction);
            var step = Classify(instruction, tally);
            if (step == StepKind.Invalid)
            {
                reader.Position = (int)(ip + 1 - region.Address);
                decoder.IP = ip + 1;
            }

            if (ip < windowEnd)
            {
                tally.Window!.Add(new Step(ip, step, (int)instruction.Mnemonic));
            }
        }

        progress?.Report((long)(decoder.IP - reported));
        return decoder.IP;
    }

    private StepKind Classify(in Instruction instruction, Tally tally)
    {
        if (instruction.IsInvalid)
        {
            tally.Invalid++;
            return StepKind.Invalid;
        }

        tally.Instructions++;
        var verdict = verdicts.Find(instruction);
        if (verdict is null)
        {
            tally.Unclaimed[(int)instruction.Mnemonic]++;
            return StepKind.Unclaimed;
        }

        if (verdict.Class == InstructionClass.Critical || (allSensitive && verdict.Sensitive))
        {
            tally.Findings.Add(FindingOf(instruction, verdict));
            return StepKind.Finding;
        }

        return StepKind.Claimed;
    }

    private Finding FindingOf(in Instruction instruction, ScanVerdict verdict)
    {
        var offset = region.FileOffset + (long)(instruction.IP - region.Address);
        var output = new StringOutput();
        new IntelFormatter().Format(instruction, output);
        return new Finding(
            image.Path,
            region.Name,
            instruction.IP,
            offset,
            ImmutableArray.Create(image.Bytes.Span.Slice((int)offset, instruction.Length)),
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

internal enum StepKind : byte
{
    Claimed,
    Unclaimed,
    Invalid,
    Finding,
}

/// <summary>One decoded position: where, what it counted as, and its mnemonic.</summary>
internal readonly record struct Step(ulong Address, StepKind Kind, int Mnemonic);

/// <summary>The counts of a stretch of decoding, and optionally its first steps (to undo them).</summary>
internal sealed class Tally(int mnemonics, bool window)
{
    public long Instructions { get; set; }

    public long Invalid { get; set; }

    public long[] Unclaimed { get; } = new long[mnemonics];

    public List<Finding> Findings { get; } = [];

    public List<Step>? Window { get; } = window ? [] : null;

    public void Add(Tally other)
    {
        Instructions += other.Instructions;
        Invalid += other.Invalid;
        for (var m = 0; m < Unclaimed.Length; m++)
        {
            Unclaimed[m] += other.Unclaimed[m];
        }

        Findings.AddRange(other.Findings);
    }

    /// <summary>Takes back what the recorded steps below an address counted.</summary>
    public void Undo(ulong below)
    {
        foreach (var step in Window!.Where(s => s.Address < below))
        {
            switch (step.Kind)
            {
                case StepKind.Invalid:
                    Invalid--;
                    break;
                case StepKind.Unclaimed:
                    Instructions--;
                    Unclaimed[step.Mnemonic]--;
                    break;
                case StepKind.Claimed or StepKind.Finding:
                    Instructions--;
                    break;
                default:
                    throw new InvalidOperationException($"unknown step kind {step.Kind}");
            }
        }

        Findings.RemoveAll(f => f.Address < below);
    }
}
