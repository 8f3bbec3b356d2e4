namespace Virtualizability.Cli.Commands;

/// <summary>
/// A file a command writes (-o, --table): checked before any work starts — never one of the inputs, in a
/// folder that exists and takes new files — and written whole at the end through a hidden temporary file
/// beside it, so a failed or interrupted run leaves an existing file as it was.
/// </summary>
internal static class OutputFile
{
    /// <summary>Why <paramref name="path"/> cannot be written, or null when it can.</summary>
    /// <param name="inputs">Files the run reads (the spec, the files it extends, a baseline): never overwritten.</param>
    public static string? Check(string path, string option, IEnumerable<string> inputs)
    {
        if (path.Length == 0)
        {
            return $"{option} needs a file name";
        }

        var full = Path.GetFullPath(path);
        if (inputs.Select(Identity).Contains(Identity(full), StringComparer.Ordinal))
        {
            return $"{option} '{path}' is an input of this run: it would be overwritten; write to another file";
        }

        if (Directory.Exists(full))
        {
            return $"{option} '{path}' is a folder: give a file name";
        }

        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            var shown = Path.GetDirectoryName(path) is { Length: > 0 } given ? given : folder;
            return $"cannot write '{path}': the folder '{shown}' does not exist; create it first";
        }

        if (File.Exists(full) && new FileInfo(full).IsReadOnly)
        {
            return $"cannot write '{path}': the file is read-only";
        }

        return CanCreateIn(folder) ? null : $"cannot write '{path}': no permission to create files in that folder";
    }

    /// <summary>Writes the whole text, or says why not (one line, no temporary names) and leaves the target as it was.</summary>
    public static bool Write(string path, string text, TextWriter error) =>
        Write(path, temporary => File.WriteAllText(temporary, text), error);

    public static bool Write(string path, byte[] bytes, TextWriter error) =>
        Write(path, temporary => File.WriteAllBytes(temporary, bytes), error);

    private static bool Write(string path, Action<string> write, TextWriter error)
    {
        var full = Path.GetFullPath(path);
        var temporary = TemporaryBeside(full);
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            error.WriteLine($"virt: cannot write '{path}': {(e is UnauthorizedAccessException ? "permission denied" : "the file system refused it (is the disk full?)")}");
            return false;
        }
    }

    private static string TemporaryBeside(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");

    private static bool CanCreateIn(string folder)
    {
        var probe = Path.Combine(folder, $".virt-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The same file reached through a symbolic link or another spelling of its path is still the same file.
    private static string Identity(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}

/// <summary>A report's destination: a file checked by <see cref="OutputFile"/>, or standard output.</summary>
internal static class ReportOutput
{
    public static bool Write(string text, string? path, TextWriter output, TextWriter error)
    {
        if (path is null)
        {
            output.Write(text);
            return true;
        }

        return OutputFile.Write(path, text, error);
    }
}
