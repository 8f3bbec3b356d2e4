using Spectre.Console;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// What `virt compare` says while it works, by the rule `virt analyze` and `virt prove` follow: a run that
/// writes a report to a file or a pipe says on standard error what it is doing, a line as it starts and a
/// line per spec as it finishes; the table on a terminal shows a progress bar that clears itself; the
/// table in a pipe shows nothing. Specs finish on several threads at once: each line is written whole.
/// </summary>
internal sealed class CompareProgress
{
    private readonly TextWriter? _lines;
    private readonly Lock _gate = new();
    private ProgressTask? _bar;
    private int _total;
    private int _done;

    private CompareProgress(TextWriter? lines) => _lines = lines;

    /// <summary>
    /// Runs <paramref name="run"/> with the progress the rule asks for. toTerminal: the table goes to
    /// standard output (no -o), where the bar is shown only if that is a terminal.
    /// </summary>
    public static T Show<T>(bool toTerminal, CommandIo io, Func<CompareProgress, T> run)
    {
        if (!toTerminal)
        {
            return run(new CompareProgress(io.Error));
        }

        var progress = new CompareProgress(null);
        if (!io.OutputIsTerminal)
        {
            return run(progress);
        }

        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            progress._bar = context.AddTask("compare: loading the specs", maxValue: 1);
            result = run(progress);
        });
        return result;
    }

    public void Started(int specs, int sideBySide, int workersEach)
    {
        lock (_gate)
        {
            _total = specs;
            _lines?.WriteLine($"virt: comparing {specs} spec(s): {sideBySide} side by side on {workersEach} worker(s) each");
            if (_bar is { } bar)
            {
                bar.MaxValue = specs;
                bar.Description = $"compare: {specs} spec(s)";
            }
        }
    }

    public void Finished(string isa)
    {
        lock (_gate)
        {
            _done++;
            var line = $"compare: {isa} done ({_done} of {_total})";
            _lines?.WriteLine($"virt: {line}");
            if (_bar is { } bar)
            {
                bar.Description = Markup.Escape(line);
                bar.Increment(1);
            }
        }
    }
}
