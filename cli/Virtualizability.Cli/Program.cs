using System.Runtime.InteropServices;
using Virtualizability.Cli;

// Ctrl-C cancels the run instead of killing the process: workers stop, Z3 is interrupted, and no output
// is written. A step that Z3's interrupt cannot reach (building a formula, replaying a witness) could
// still hold a worker, so the process ends on its own after a short grace; a second Ctrl-C ends it at once.
using var interrupted = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = !interrupted.IsCancellationRequested;

    // The grace thread first: Cancel runs the workers' callbacks (Z3 interrupts) on this thread, and one
    // that blocks or throws must not keep the process from ending.
    Interruption.ExitAfterGrace();
    try
    {
        interrupted.Cancel();
    }
    catch (AggregateException)
    {
        // An interrupt that raced its solver's disposal: the run is ending either way.
    }
});

var exitCode = VirtCommandLine.Run(args, Console.Out, Console.Error, interrupted.Token);
Interruption.Finished();
return exitCode;

/// <summary>Ends the process with exit code 130 when a cancelled run does not unwind within the grace period.</summary>
internal static class Interruption
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(300);
    private static int _finished;

    public static void Finished() => Interlocked.Exchange(ref _finished, 1);

    // A thread of its own, not a timer on the thread pool, which a busy run may keep waiting.
    public static void ExitAfterGrace() => new Thread(ExitUnlessFinished) { IsBackground = true, Priority = ThreadPriority.Highest }.Start();

    private static void ExitUnlessFinished()
    {
        Thread.Sleep(Grace);
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        Console.Error.WriteLine("virt: interrupted; nothing was written");
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsWindows())
        {
            Environment.Exit(ExitCodes.Interrupted);
        }

        // _exit, not exit: a worker may still be inside Z3, whose static destructors must not run under it.
        ExitNow(ExitCodes.Interrupted);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);
}
