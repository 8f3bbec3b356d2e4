using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Virtualizability.Cli.Tests.Support;

/// <summary>
/// The built `virt` run as a child process (dotnet virt.dll, from the test's output folder where the
/// reference copies it with the Z3 bridge), for what only a real process shows: signals and exit codes.
/// </summary>
public static class VirtProcess
{
    public const int Sigint = 2;

    public static Process Start(string workingDirectory, params string[] args)
    {
        // Through env --default-signal: a process started in the background of a non-interactive shell
        // (as CI may start the tests) inherits SIGINT ignored, and .NET keeps it ignored.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "virt.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Sends a POSIX signal, as a terminal's Ctrl-C does.</summary>
    public static void Signal(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The child's signal masks from /proc (blocked, ignored, caught), for a failure message.</summary>
    public static string SignalState(Process process)
    {
        try
        {
            return string.Join(", ", File.ReadAllLines($"/proc/{process.Id}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)));
        }
        catch (IOException e)
        {
            return $"no /proc status: {e.Message}";
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
