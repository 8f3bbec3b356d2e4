namespace Virtualizability.Cli.Commands;

/// <summary>
/// The report formats and the one table that maps -o's extension to a format, shared by every command that
/// writes a report. Names are case-insensitive; without -f the format follows -o's extension when the
/// command writes that format, and is the command's default otherwise.
/// </summary>
internal static class ReportFormat
{
    public const string Table = "table";
    public const string Markdown = "markdown";
    public const string Json = "json";
    public const string Sarif = "sarif";
    public const string Html = "html";
    public const string Latex = "latex";

    /// <summary>What `virt analyze` writes; the first is its default.</summary>
    public static readonly string[] Analysis = [Table, Markdown, Json, Sarif, Html];

    /// <summary>What `virt scan` writes.</summary>
    public static readonly string[] Scan = [Table, Json, Markdown, Sarif];

    /// <summary>What `virt prove` writes.</summary>
    public static readonly string[] Proof = [Table, Markdown, Json, Html];

    /// <summary>
    /// What `virt compare` writes, Markdown by default wherever it goes (as analyze's default does not depend
    /// on whether standard output is a terminal): the table is the per-ISA summary alone, since the
    /// per-instruction table, one column per ISA, is too wide for a terminal.
    /// </summary>
    public static readonly string[] Comparison = [Markdown, Json, Latex, Html, Table];

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = Json,
        [".md"] = Markdown,
        [".markdown"] = Markdown,
        [".sarif"] = Sarif,
        [".html"] = Html,
        [".htm"] = Html,
        [".tex"] = Latex,
        [".txt"] = Table,
    };

    /// <summary>
    /// The format's canonical name among <paramref name="accepted"/> (whose first entry is the default), or
    /// null with the usage error in <paramref name="problem"/>.
    /// </summary>
    public static string? Resolve(string? given, string? outputPath, IReadOnlyList<string> accepted, out string? problem)
    {
        problem = null;
        if (given is not null)
        {
            var canonical = given.Equals("md", StringComparison.OrdinalIgnoreCase) ? Markdown
                : given.Equals("tex", StringComparison.OrdinalIgnoreCase) ? Latex
                : given;
            var name = accepted.FirstOrDefault(n => n.Equals(canonical, StringComparison.OrdinalIgnoreCase));
            problem = name is null ? $"unknown format '{given}': expected one of {string.Join(", ", accepted)}" : null;
            return name;
        }

        return outputPath is not null && Extensions.TryGetValue(Path.GetExtension(outputPath), out var byExtension) && accepted.Contains(byExtension)
            ? byExtension
            : accepted[0];
    }
}
