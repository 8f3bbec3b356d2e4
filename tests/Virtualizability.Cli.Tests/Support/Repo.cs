namespace Virtualizability.Cli.Tests.Support;

/// <summary>Locates the repository's folders from the test's output directory.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Specs => Path.Combine(Root, "isa-specs");

    public static string BrokenSpecs => Path.Combine(Root, "tests", "Virtualizability.Analyzer.Tests", "TestData", "broken");

    public static IEnumerable<string> ShippedSpecs() =>
        Directory.EnumerateFiles(Specs, "*.yaml").OrderBy(p => p, StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Virtualizability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Virtualizability.sln) above " + AppContext.BaseDirectory);
    }
}
