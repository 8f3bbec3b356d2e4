namespace Virtualizability.Reports.Tests.Support;

/// <summary>Locates the repository from the test's output directory.</summary>
public static class Repo
{
    public static string Root => Virtualizability.Tests.Shared.RepositoryRoot.Path;

    public static string TestProject => Path.Combine(Root, "tests", "Virtualizability.Reports.Tests");

    public static string JsonSchema => Path.Combine(Root, "reports", "Virtualizability.Reports", "json-report.schema.json");
}
