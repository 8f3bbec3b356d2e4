namespace Virtualizability.Cli.Commands;

/// <summary>
/// The shipped spec for code of a bitness: x86-64.yaml for 64-bit code, x86-32.yaml for 32- and 16-bit
/// code (whose Codes it claims in their 16-bit operand-size forms), looked up in an isa-specs folder next
/// to the tool or in the current folder or one above it.
/// </summary>
internal static class SpecLocator
{
    public static string? ForBitness(int bitness)
    {
        var name = bitness == 64 ? "x86-64.yaml" : "x86-32.yaml";
        var found = Candidates().Select(folder => Path.Combine(folder, "isa-specs", name)).FirstOrDefault(File.Exists);
        // A path under the current folder is shown relative to it, so reports do not depend on where a clone lives.
        var relative = found is null ? null : Path.GetRelativePath(Directory.GetCurrentDirectory(), found);
        return relative is null || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? found : relative;
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
