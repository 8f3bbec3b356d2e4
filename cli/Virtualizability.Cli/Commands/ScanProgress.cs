namespace Virtualizability.Cli.Commands;

/// <summary>
/// A one-line progress bar on standard error for large scans, shown only when standard error is a
/// terminal (never in a pipe, a file or a test's captured writer).
/// </summary>
internal sealed class ScanProgress(long total, TextWriter error) : IProgress<long>
{
    private const long LargeInput = 32L << 20;
    private long _done;
    private readonly Lock _gate = new();
    private int _shownPercent = -1;

    public static IProgress<long>? For(long totalBytes, TextWriter error) =>
        totalBytes >= LargeInput && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            ? new ScanProgress(totalBytes, error)
            : null;

    public void Report(long bytes)
    {
        var done = Interlocked.Add(ref _done, bytes);
        var percent = (int)(done * 100 / total);
        lock (_gate)
        {
            if (percent == _shownPercent)
            {
                return;
            }

            _shownPercent = percent;
            var bar = new string('#', percent / 5).PadRight(20);
            error.Write(percent >= 100 ? $"\r{new string(' ', 60)}\r" : $"\rvirt: scanning [{bar}] {percent,3}% of {total >> 20} MB");
        }
    }
}
