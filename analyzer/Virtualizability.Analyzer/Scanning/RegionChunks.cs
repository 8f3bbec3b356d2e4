namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Decodes one large region on several workers and stitches the chunks into exactly the result of one
/// linear pass. Each chunk decodes from its own start and records its first steps. x86 decoding falls
/// into step with the true instruction stream within a few instructions; so where the previous chunk
/// really ended, the next chunk's own decoding is found again (or the gap is decoded once more until it
/// is), and what the next chunk counted before that point is taken back. A chunk that never falls into
/// step within its window is decoded again from the true boundary, so the result never depends on luck.
/// </summary>
internal static class RegionChunks
{
    private const int MinimumChunk = 1 << 20;
    private const ulong Window = 4096;

    public static Tally Scan(RegionScanner scanner, int jobs)
    {
        var region = scanner.Region;
        var count = (int)Math.Min(jobs * 4L, region.Length / MinimumChunk);
        if (count < 2)
        {
            return scanner.Whole();
        }

        var bounds = Enumerable.Range(0, count + 1).Select(k => region.Address + (ulong)((long)region.Length * k / count)).ToArray();
        var tallies = new Tally[count];
        var ends = new ulong[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, k =>
        {
            tallies[k] = scanner.NewTally(window: k > 0);
            ends[k] = scanner.Decode(bounds[k], bounds[k + 1], tallies[k], k > 0 ? bounds[k] + Window : 0, null);
        });

        var total = tallies[0];
        var trueEnd = ends[0];
        for (var k = 1; k < count; k++)
        {
            trueEnd = Stitch(scanner, total, tallies[k], ends[k], trueEnd, bounds[k], bounds[k + 1]);
        }

        return total;
    }

    /// <returns>Where chunk k truly ends.</returns>
    private static ulong Stitch(RegionScanner scanner, Tally total, Tally chunk, ulong chunkEnd, ulong trueStart, ulong start, ulong next)
    {
        var starts = chunk.Window!.Select(s => s.Address).ToHashSet();
        var resume = trueStart;
        if (!starts.Contains(resume))
        {
            // Decode the true stream from where the previous chunk ended until it meets this chunk's own steps.
            var gap = scanner.NewTally(window: false);
            resume = scanner.Decode(trueStart, start + Window, gap, 0, starts);
            total.Add(gap);
            if (!starts.Contains(resume))
            {
                var rest = scanner.NewTally(window: false);
                var end = scanner.Decode(resume, next, rest, 0, null);
                total.Add(rest);
                return end;
            }
        }

        chunk.Undo(resume);
        total.Add(chunk);
        return chunkEnd;
    }
}
