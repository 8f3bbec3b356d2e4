namespace Virtualizability.Tests.Shared;

/// <summary>
/// The repository's root folder, found by walking up from the test binaries to Virtualizability.sln.
/// One file, compiled into every test project (see tests/Directory.Build.props).
/// </summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Virtualizability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Virtualizability.sln) above " + AppContext.BaseDirectory);
    }
}
