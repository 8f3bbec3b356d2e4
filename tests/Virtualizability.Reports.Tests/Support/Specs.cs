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

    /// <summary>"isa-specs/pg74.yaml" and its siblings, in ordinal order.</summary>
    public static IReadOnlyList<string> Shipped { get; } =
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "isa-specs"), "*.yaml")
            .Select(p => "isa-specs/" + Path.GetFileName(p))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> ShippedData() => new(Shipped);

    /// <summary>The spec at a repository-relative path, loaded by its absolute path as <see cref="Classify"/> does.</summary>
    public static IsaSpec Loaded(string relativePath) => SpecLoader.Load(Path.Combine(Repo.Root, relativePath));

    /// <summary>The spec at a repository-relative path, classified with two workers (cached).</summary>
    public static SpecClassification Classified(string relativePath) =>
        Cache.GetOrAdd(relativePath, p => new Lazy<SpecClassification>(() => Classify(p, jobs: 2))).Value;

    /// <summary>
    /// A fresh classification, not cached: for tests about the classification run itself. The spec is
    /// loaded by its absolute path (tests never change the process's working directory), so reports name
    /// it that way; <see cref="Snapshot"/> takes the clone's location out again.
    /// </summary>
    public static SpecClassification Classify(string relativePath, int jobs) =>
        SpecClassifier.Classify(SpecLoader.Load(Path.Combine(Repo.Root, relativePath)), new ClassifierOptions(Jobs: jobs));
}
