namespace Virtualizability.Cli.Commands;

/// <summary>
/// Finds shipped specs. The spec for code of a bitness: x86-64.yaml for 64-bit code, x86-32.yaml for 32- and 16-bit
/// code (whose Codes it claims in their 16-bit operand-size forms), looked up in an isa-specs folder next
/// to the tool or in the current folder or one above it.
/// </summary>
internal static class SpecLocator
{
    public static string? ForBitness(int bitness)
    {
        var name = bitness == 64 ? "x86-64.yaml" : "x86-32.yaml";
        var found = Candidates().Select(folder => Path.Combine(folder, "isa-specs", name)).FirstOrDefault(File.Exists);
        return found is null ? null : Relative(found);
    }

    /// <summary>The folder of the shipped specs: isa-specs next to the tool, or in the current folder or above.</summary>
    public static string? ShippedFolder() =>
        Candidates().Select(folder => Path.Combine(folder, "isa-specs")).FirstOrDefault(f => Directory.Exists(f) && Directory.EnumerateFiles(f, "*.yaml").Any());

    /// <summary>A path under the current folder, relative to it: reports then do not depend on where a clone lives.</summary>
    public static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static IEnumerable<string> Candidates()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                yield return folder.FullName;
            }
        }
    }
}
