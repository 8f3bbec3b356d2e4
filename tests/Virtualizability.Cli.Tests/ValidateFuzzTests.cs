using System.Diagnostics;
using System.Text.RegularExpressions;
using Virtualizability.Cli.Tests.Support;
using Virtualizability.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace Virtualizability.Cli.Tests;

/// <summary>
/// Generative fuzzing of `virt validate`, in process: every mutation of every shipped spec (as in the
/// loader's fuzz test, with streams of their own) exits 0 with a summary or 2 with one
/// <c>file:line:column: message</c> line per error and the count; never another exit code, never a stack
/// trace. <c>VIRT_FUZZ_MUTATIONS</c> sets the count.
/// </summary>
public sealed partial class ValidateFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryMutationOfAShippedSpecValidatesOrExitsTwoWithLocatedErrors()
    {
        using var fuzz = new SpecFuzz(Repo.Specs);
        var tally = new FuzzTally();
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(fuzz.Specs, spec =>
        {
            // Half as many as the loader's test, which checks each error's position more closely.
            fuzz.Run(spec, SpecFuzz.Mutations / 2 / fuzz.Specs.Count, (path, _) =>
            {
                var run = Virt.Run("validate", path);
                Assert.False(run.HasStackTrace, run.ToString());
                Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.BadInput, run.ToString());
                tally.Count(run.ExitCode == ExitCodes.Success ? null : Located(run, fuzz.Folder));
            });
        });

        output.WriteLine(tally.Summary(watch.Elapsed));
        Assert.True(tally.Valid > 0 && tally.Valid < tally.Tried, tally.Summary(watch.Elapsed));
    }

    // Every line but the count names a file of the fuzz folder, a line and a column; returns the messages.
    private static List<string> Located(VirtRun run, string folder)
    {
        Assert.Equal("", run.Output);
        var lines = run.ErrorLines.ToList();
        Assert.Matches(@"^\d+ errors?$", lines[^1]);
        var messages = new List<string>();
        foreach (var line in lines[..^1])
        {
            var match = ErrorLine().Match(line);
            Assert.True(match.Success && match.Groups["file"].Value.StartsWith(folder, StringComparison.Ordinal), $"not a located error: '{line}'\n{run}");
            Assert.True(int.Parse(match.Groups["line"].Value) >= 1 && int.Parse(match.Groups["column"].Value) >= 1, line);
            messages.Add(match.Groups["message"].Value);
        }

        Assert.Equal(int.Parse(lines[^1].Split(' ')[0]), messages.Count);
        return messages;
    }

    [GeneratedRegex(@"^(?<file>.+\.yaml):(?<line>\d+):(?<column>\d+): (?<message>.+)$")]
    private static partial Regex ErrorLine();
}
