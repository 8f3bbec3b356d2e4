using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Benchmarks;

/// <summary>
/// Wall time of the whole x86-32 classification (every instruction, every query, every witness replayed)
/// with the default number of workers. The target is under 10 s on a 2-core machine, the goal under 3 s.
/// Each run is seconds long, so a few single invocations are measured rather than many.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AnalysisBenchmark
{
    private IsaSpec _spec = null!;

    [Params("x86-32.yaml", "pg74.yaml")]
    public string Spec { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _spec = SpecLoader.Load(Path.Combine(ConcreteInterpreterBenchmark.RepositoryRoot(), "isa-specs", Spec));

    [Benchmark]
    public int Classify()
    {
        var result = SpecClassifier.Classify(_spec, new ClassifierOptions());
        Console.WriteLine($"// {Spec}: {result.Statistics.Queries} queries, median {result.Statistics.MedianQueryMilliseconds:F1} ms per query");
        return result.Statistics.Queries;
    }
}
