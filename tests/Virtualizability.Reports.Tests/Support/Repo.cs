namespace Virtualizability.Reports.Tests.Support;

/// <summary>Locates the repository from the test's output directory.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Virtualizability.Reports.Tests");

    public static string JsonSchema => Path.Combine(Root, "reports", "Virtualizability.Reports", "json-report.schema.json");

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
