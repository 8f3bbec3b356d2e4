using System.Security.Cryptography;
using System.Text;

namespace Virtualizability.Analyzer.Spec;

/// <summary>
/// The files a loaded spec was read from (the file itself and every file of its <c>extends</c> chain
/// that contributes to it), and a hash of their contents that names exactly what was analysed.
/// </summary>
public static class SpecSources
{
    /// <summary>The spec's files as the loader named them, the spec itself first, then the others in ordinal order.</summary>
    public static IReadOnlyList<string> Files(IsaSpec spec)
    {
        var others = spec.Registers.Select(r => r.Location.File)
            .Concat(spec.Registers.SelectMany(r => r.Fields).Select(f => f.Location.File))
            .Concat(spec.Instructions.Select(i => i.Location.File))
            .Concat(spec.Modes.Select(m => m.Location.File))
            .Concat(spec.Traps.Select(t => t.Location.File))
            .Concat(spec.Invariants.Select(i => i.Location.File))
            .Append(spec.Memory?.Location.File ?? "")
            .Append(spec.TrapEntry?.Location.File ?? "")
            .Append(spec.Vmm.Location.File)
            .Where(f => f.Length > 0 && f != spec.File)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return [spec.File, .. others];
    }

    /// <summary>
    /// "sha256:HEX" over each file's name and bytes, in the order of <see cref="Files"/>. Line endings are
    /// normalized, so a checkout with CRLF line endings hashes like one with LF.
    /// </summary>
    public static string ContentHash(IsaSpec spec)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(spec))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n{text.Length}\n{text}"));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
