using System.Diagnostics;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;
using Virtualizability.Tests.Shared.Fuzzing;
using Xunit.Abstractions;

namespace Virtualizability.Analyzer.Tests.Fuzzing;

/// <summary>
/// Generative fuzzing of the loader: every mutation of every shipped spec (lines deleted, duplicated or
/// swapped, numbers changed, characters flipped, inserted or deleted, the file truncated) loads through
/// <see cref="SpecLoader.TryLoad"/> as a valid spec or as located errors, each at a real line and column of
/// the file it names; never an exception. <c>VIRT_FUZZ_MUTATIONS</c> sets the count (bench/fuzz-loader.sh
/// runs a long one); the summary line gives what the run saw.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryMutationOfAShippedSpecLoadsOrIsLocated()
    {
        using var fuzz = new SpecFuzz(Repo.Specs);
        var tally = new FuzzTally();
        var watch = Stopwatch.StartNew();
        // Each spec's stream on its own thread (its mutated file is its own), so a run is still repeatable.
        Parallel.ForEach(fuzz.Specs, spec =>
        {
            fuzz.Run(spec, SpecFuzz.Mutations / fuzz.Specs.Count, (path, text) =>
            {
                var ok = SpecLoader.TryLoad(path, out var loaded, out var errors);
                Assert.Equal(ok, loaded is not null);
                Assert.Equal(ok, errors.Count == 0);
                Assert.All(errors, e => AssertInside(e, fuzz.LinesOf(e.Location.File, path, text)));
                tally.Count(ok ? null : errors.Select(e => e.Message));
            });
        });

        output.WriteLine(tally.Summary(watch.Elapsed));
        output.WriteLine("error kinds:\n  " + string.Join("\n  ", tally.Kinds));
        Assert.True(tally.Valid > 0 && tally.Valid < tally.Tried, tally.Summary(watch.Elapsed));
    }

    private static void AssertInside(Diagnostic error, string[] lines)
    {
        var (line, column) = (error.Location.Line, error.Location.Column);
        Assert.True(line >= 1 && line <= lines.Length, $"{error}: line outside the file's {lines.Length} lines");
        Assert.True(column >= 1 && column <= lines[line - 1].TrimEnd('\r').Length + 1, $"{error}: column outside line {line}: '{lines[line - 1]}'");
    }
}
