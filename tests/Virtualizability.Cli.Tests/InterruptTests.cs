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
    [Fact]
    public void SigintDuringAnAnalysisExits130WithinASecondAndWritesNoOutput()
    {
        using var folder = new TempFolder();
        using var virt = VirtProcess.Start(folder.Path, "analyze", Path.Combine(Repo.Specs, "x86-32.yaml"), "-o", "out.json");
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
