using System.Security.Cryptography;
using System.Text;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// The verdict tables a scan uses, cached beside the analyses so that a scan with an unchanged spec
/// neither parses and binds the YAML nor reads the analysis: the entry is found by the spec file's path
/// and text, and holds the hash of every file the spec was built from (the files it extends), which
/// must all still match. Anything unreadable, stale or damaged is a miss.
/// </summary>
public sealed partial class VerdictCache
{
    private const string TableFormat = "virt verdict table 1";

    /// <summary>The cached table of the spec at a path, or null when there is none or it is stale.</summary>
    public VerdictTable? TryReadTable(string specPath)
    {
        try
        {
            if (TableFile(specPath) is not { } file || !File.Exists(file))
            {
                return null;
            }

            using var reader = new BinaryReader(File.OpenRead(file), Encoding.UTF8);
            if (reader.ReadString() != TableFormat)
            {
                return null;
            }

            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                var source = reader.ReadString();
                if (reader.ReadString() != HashOfFile(source))
                {
                    return null;
                }
            }

            return VerdictTable.ReadFrom(reader, specPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Keeps a spec's table for <see cref="TryReadTable"/>; a cache that cannot be written is skipped.</summary>
    public void WriteTable(string specPath, IsaSpec spec, VerdictTable table)
    {
        try
        {
            if (TableFile(specPath) is not { } file)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
            {
                writer.Write(TableFormat);
                var sources = FilesOf(spec).Select(Path.GetFullPath).ToList();
                writer.Write(sources.Count);
                foreach (var source in sources)
                {
                    writer.Write(source);
                    writer.Write(HashOfFile(source));
                }

                table.WriteTo(writer);
            }

            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache directory only costs the next scan a spec load.
        }
    }

    private string? TableFile(string specPath)
    {
        if (directory is null)
        {
            return null;
        }

        var full = Path.GetFullPath(specPath);
        var key = Hash($"{ToolIdentity}{full}\n{File.ReadAllText(full)}");
        return Path.Combine(directory, $"table-{Path.GetFileNameWithoutExtension(full)}-{key}.bin");
    }

    private static string HashOfFile(string path) => Hash(File.ReadAllText(path));

    private static string Hash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32].ToLowerInvariant();
}
