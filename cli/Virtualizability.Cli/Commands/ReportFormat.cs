namespace Virtualizability.Cli.Commands;

/// <summary>
/// The report formats, named case-insensitively; without -f the format follows -o's extension
/// (.json, .md/.markdown, .sarif, .html), and is a table otherwise.
/// </summary>
internal static class ReportFormat
{
    public const string Table = "table";
    public const string Markdown = "markdown";
    public const string Json = "json";
    public const string Sarif = "sarif";
    public const string Html = "html";

    public static readonly string[] Names = [Table, Markdown, Json, Sarif, Html];

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = Json,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".sarif"] = Sarif,
        [".html"] = Html,
        [".htm"] = Html,
        [".txt"] = Table,
    };

    /// <summary>The format's canonical name, or null with the usage error in <paramref name="problem"/>.</summary>
    public static string? Resolve(string? given, string? outputPath, out string? problem)
    {
        problem = null;
        if (given is not null)
        {
            var name = Names.FirstOrDefault(n => n.Equals(given, StringComparison.OrdinalIgnoreCase))
                ?? (given.Equals("md", StringComparison.OrdinalIgnoreCase) ? Markdown : null);
            problem = name is null ? $"unknown format '{given}': expected {string.Join(", ", Names)}" : null;
            return name;
        }

        return outputPath is not null && Extensions.TryGetValue(Path.GetExtension(outputPath), out var byExtension) ? byExtension : Table;
    }
}
