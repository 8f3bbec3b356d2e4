using System.Collections.Concurrent;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Reports.Tests.Support;

/// <summary>
/// The shipped specs, classified once per test run and shared by every test that renders them: the x86
/// analyses take a minute each, and the result does not depend on which test asks first.
/// </summary>
public static class Specs
{
    private static readonly ConcurrentDictionary<string, Lazy<SpecClassification>> Cache = new(StringComparer.Ordinal);

    // Reports name the spec by the path it was loaded from. Loading by a repository-relative path from
    // the repository root keeps that path, and so the snapshots, independent of where the clone lives.
    // The working directory is process-wide, so it is set once here and never changed afterwards.
    static Specs()
    {
        Directory.SetCurrentDirectory(Repo.Root);
    }

    /// <summary>"isa-specs/pg74.yaml" and its siblings, in ordinal order.</summary>
    public static IReadOnlyList<string> Shipped { get; } =
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "isa-specs"), "*.yaml")
            .Select(p => "isa-specs/" + Path.GetFileName(p))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> ShippedData() => new(Shipped);

    /// <summary>The spec at a repository-relative path, classified with two workers (cached).</summary>
    public static SpecClassification Classified(string relativePath) =>
        Cache.GetOrAdd(relativePath, p => new Lazy<SpecClassification>(() => Classify(p, jobs: 2))).Value;

    /// <summary>A fresh classification, not cached: for tests about the classification run itself.</summary>
    public static SpecClassification Classify(string relativePath, int jobs) =>
        SpecClassifier.Classify(SpecLoader.Load(relativePath), new ClassifierOptions(Jobs: jobs));
}
