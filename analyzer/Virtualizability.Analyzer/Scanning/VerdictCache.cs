using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// The analysis of a spec, kept on disk by content hash: the key covers the text of every file the spec
/// was built from, the VMM configuration analysed, and the analyzer build itself, so a change to any of
/// them misses the cache and analyses again. A cache that cannot be read or written is skipped.
/// </summary>
public sealed partial class VerdictCache(string? directory)
{
    /// <summary>$XDG_CACHE_HOME/virt, else ~/.cache/virt.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(root, "virt");
        }
    }

    public ImmutableArray<ScanVerdict> GetOrAnalyze(IsaSpec spec, Func<IsaSpec, SpecClassification> analyze, out bool hit)
    {
        var file = directory is null ? null : Path.Combine(directory, $"{spec.Name}-{KeyOf(spec)}.json");
        if (file is not null && TryRead(file) is { } cached)
        {
            hit = true;
            return cached;
        }

        hit = false;
        var verdicts = ScanVerdict.From(analyze(spec));
        if (file is not null)
        {
            TryWrite(file, verdicts);
        }

        return verdicts;
    }

    /// <summary>SHA-256 over the analyzer build, the VMM configuration and every contributing file's text.</summary>
    public static string KeyOf(IsaSpec spec)
    {
        var text = new StringBuilder();
        text.Append(ToolIdentity);
        text.Append(spec.Vmm.GuestSupervisorMode).Append('\n').Append(spec.Vmm.KeepsText).Append('\n');
        foreach (var file in FilesOf(spec))
        {
            text.Append(Path.GetFileName(file)).Append('\n').Append(File.ReadAllText(file)).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32].ToLowerInvariant();
    }

    /// <summary>Every file whose text went into the spec: the spec itself and the files it extends.</summary>
    private static IEnumerable<string> FilesOf(IsaSpec spec) =>
        spec.Registers.Select(r => r.Location.File)
            .Concat(spec.Instructions.Select(i => i.Location.File))
            .Concat(spec.Modes.Select(m => m.Location.File))
            .Append(spec.Vmm.Location.File)
            .Append(spec.File)
            .Where(f => !string.IsNullOrEmpty(f))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    /// <summary>The analyzer build and the Iced build (which numbers the Codes): a new tool misses every entry.</summary>
    private static string ToolIdentity
    {
        get
        {
            var analyzer = typeof(VerdictCache).Assembly;
            return $"{analyzer.ManifestModule.ModuleVersionId}\n{analyzer.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}\n{typeof(Iced.Intel.Code).Assembly.FullName}\n";
        }
    }

    private static ImmutableArray<ScanVerdict>? TryRead(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllText(file), VerdictJsonContext.Default.ImmutableArrayScanVerdict) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void TryWrite(string file, ImmutableArray<ScanVerdict> verdicts)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(verdicts, VerdictJsonContext.Default.ImmutableArrayScanVerdict));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache directory only costs the next run an analysis.
        }
    }
}

/// <summary>The cached verdicts' serializer, generated at build time (no reflection, so the native virt reads the same cache).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ImmutableArray<ScanVerdict>))]
internal sealed partial class VerdictJsonContext : JsonSerializerContext;
