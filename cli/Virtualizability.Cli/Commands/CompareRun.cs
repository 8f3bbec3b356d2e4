using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports.Comparison;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// Classifies the specs of a comparison and proves their VMM designs, several specs at once: with --jobs J
/// and N specs, min(J, N) specs run side by side, each on J / min(J, N) solver workers (at least one). A
/// spec's own workers idle at the end of its slowest query; other specs fill those cores. The answers do
/// not depend on the split, and the comparison keeps the order the specs were given in.
/// </summary>
internal static class CompareRun
{
    private sealed record SpecRun(ComparedIsa? Isa, int ExitCode, string Errors);

    public static (IsaComparison? Comparison, int ExitCode) Run(IReadOnlyList<string> paths, ClassifierOptions options, bool designs, TextWriter error, CompareProgress progress)
    {
        var specs = new List<IsaSpec>();
        foreach (var path in paths)
        {
            // Every spec is loaded before any is classified: a broken one fails the command at once.
            if (AnalysisRun.Load(path, error) is not { } spec)
            {
                return (null, ExitCodes.BadInput);
            }

            specs.Add(spec);
        }

        var side = Math.Min(options.EffectiveJobs, specs.Count);
        var inner = options with { Jobs = Math.Max(1, options.EffectiveJobs / side) };
        var runs = new SpecRun?[specs.Count];
        progress.Started(specs.Count, side, inner.Jobs);

        // The biggest specs first, so that small ones fill the cores at the end.
        var order = Enumerable.Range(0, specs.Count).OrderByDescending(i => specs[i].Instructions.Length).ThenBy(i => i);
        try
        {
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = side }, (i, loop) =>
            {
                runs[i] = One(specs[i], inner, designs);
                if (runs[i]!.Isa is null)
                {
                    loop.Stop();
                    return;
                }

                progress.Finished(runs[i]!.Isa!.Name);
            });
        }
        catch (AggregateException) when (options.Cancellation.IsCancellationRequested)
        {
            // Ctrl-C: the specs' workers stopped with the cancellation; the command ends as analyze does.
            throw new OperationCanceledException(options.Cancellation);
        }

        if (runs.FirstOrDefault(r => r is { Isa: null }) is { } failed)
        {
            error.Write(failed.Errors);
            return (null, failed.ExitCode);
        }

        return (ComparisonBuilder.Build([.. runs.Select(r => r!.Isa!)]), ExitCodes.Success);
    }

    private static SpecRun One(IsaSpec spec, ClassifierOptions options, bool designs)
    {
        var errors = new StringWriter();
        var (analysis, exit) = AnalysisRun.Classify(spec, options, new CommandIo(TextWriter.Null, errors, options.Cancellation), showProgress: false);
        if (analysis is null)
        {
            return new SpecRun(null, exit, errors.ToString());
        }

        if (!designs)
        {
            return new SpecRun(ComparedIsas.From(spec, analysis, []), ExitCodes.Success, "");
        }

        try
        {
            var prover = new ProverOptions(VmmDesign.TrapAndEmulate, analysis.GuestSupervisorMode, options.Jobs, options.Limits) { Cancellation = options.Cancellation };
            return new SpecRun(ComparedIsas.From(spec, analysis, DesignSuite.Prove(spec, analysis, prover)), ExitCodes.Success, "");
        }
        catch (WitnessReplayException e)
        {
            // The concrete and symbolic readings of the spec disagree: never reported as a result.
            errors.WriteLine($"virt: internal error: {e.Message}");
            return new SpecRun(null, ExitCodes.InternalError, errors.ToString());
        }
    }
}
