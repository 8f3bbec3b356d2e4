using System.Diagnostics;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Runs alone, after the tests that run in parallel: the one-second bound is about virt, not a busy test run.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// Ctrl-C during an analysis or a proof: the real process stops promptly, exits 130 and writes nothing. A
/// Ctrl-C that lands while Z3 is solving must reach virt, not a SIGINT handler of Z3's own (ctrl_c off).
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class InterruptTests
{
    // x86-64 on one worker: long enough that the signal arrives mid-run on a quiet machine too.
    [Theory]
    [InlineData("analyze")]
    [InlineData("prove", "--vmm", "trap-and-emulate")]
    public void SigintDuringARunExits130PromptlyAndWritesNoOutput(string command, params string[] options)
    {
        using var folder = new TempFolder();
        string[] arguments = [command, Path.Combine(Repo.Specs, "x86-64.yaml"), .. options, "--jobs", "1", "-o", "out.json"];
        using var virt = VirtProcess.Start(folder.Path, arguments);
        var error = new List<string>();
        var started = new ManualResetEventSlim();
        virt.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.Add(e.Data ?? "");
            }

            if (e.Data?.Contains("analysing", StringComparison.Ordinal) == true || e.Data?.Contains("proving", StringComparison.Ordinal) == true)
            {
                started.Set();
            }
        };
        virt.BeginErrorReadLine();

        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), $"the run did not start: {string.Join('\n', error)}");
        Thread.Sleep(500);
        Assert.False(virt.HasExited, string.Join('\n', error));
        var signals = VirtProcess.SignalState(virt);
        var watch = Stopwatch.StartNew();
        VirtProcess.Signal(virt, VirtProcess.Sigint);
        var exited = virt.WaitForExit(TimeSpan.FromSeconds(10));
        watch.Stop();

        Assert.True(exited, $"virt did not exit within 10 s of SIGINT ({signals})");
        virt.WaitForExit();
        Assert.Equal(130, virt.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"exit took {watch.Elapsed.TotalMilliseconds:F0} ms {string.Join('\n', error)}");
        Assert.Empty(folder.Snapshot());
        Assert.Contains("virt: interrupted; nothing was written", error);
        Assert.DoesNotContain(error, l => l.StartsWith("   at ", StringComparison.Ordinal));
    }
}
