namespace Virtualizability.Cli.Commands;

/// <summary>Writes a report to a file whole (through a temporary file) or to the output.</summary>
internal static class ReportOutput
{
    public static bool Write(string text, string? path, TextWriter output, TextWriter error)
    {
        if (path is null)
        {
            output.Write(text);
            return true;
        }

        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"virt: cannot write '{path}': {e.Message}");
            File.Delete(temporary);
            return false;
        }
    }
}
