namespace Virtualizability.Analyzer.Tests.Support;

/// <summary>Locates the repository's folders from the test's output directory.</summary>
public static class Repo
{
    public static string Root => Virtualizability.Tests.Shared.RepositoryRoot.Path;

    public static string Specs => Path.Combine(Root, "isa-specs");

    public static string TestData => Path.Combine(Root, "tests", "Virtualizability.Analyzer.Tests", "TestData");

    public static IEnumerable<string> ShippedSpecs() =>
        Directory.EnumerateFiles(Specs, "*.yaml").OrderBy(p => p, StringComparer.Ordinal);
}
