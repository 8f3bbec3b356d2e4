using System.Diagnostics;
using System.Globalization;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// With VIRT_TIMINGS set, a command's phases are timed and written to standard error in one line
/// (wall and CPU time of all threads; start-up is the time from the process's start to the first phase), so the fixed costs of a whole
/// command can be told apart from the work itself without a profiler. Without it, nothing is measured.
/// </summary>
internal sealed class PhaseTimings
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _phases = [];
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    private PhaseTimings()
    {
        var startUp = DateTime.Now - Process.GetCurrentProcess().StartTime;
        _phases.Add(string.Create(CultureInfo.InvariantCulture, $"start-up {startUp.TotalMilliseconds:F0} ms (CPU {_cpu.TotalMilliseconds:F0} ms)"));
    }

    public static PhaseTimings? FromEnvironment() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VIRT_TIMINGS")) ? null : new PhaseTimings();

    /// <summary>Ends the phase running since the previous call (or since creation) under this name.</summary>
    public void Done(string phase)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _phases.Add(string.Create(CultureInfo.InvariantCulture, $"{phase} {_clock.Elapsed.TotalMilliseconds:F0} ms (CPU {(cpu - _cpu).TotalMilliseconds:F0} ms)"));
        _cpu = cpu;
        _clock.Restart();
    }

    public void Write(TextWriter error) => error.WriteLine($"virt: timings: {string.Join(", ", _phases)}");
}
