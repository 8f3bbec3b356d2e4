using System.Security.Cryptography;

namespace Virtualizability.Cli.Tests.Support;

/// <summary>A temporary folder for one test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("virt-cli-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A copy of a shipped spec (and the specs it extends) in this folder, for tests that edit one.</summary>
    public string CopySpec(string name, Func<string, string>? edit = null)
    {
        var target = File(name);
        System.IO.File.WriteAllText(target, (edit ?? (t => t))(System.IO.File.ReadAllText(System.IO.Path.Combine(Repo.Specs, name))));
        return target;
    }

    /// <summary>Every file in the folder with the SHA-256 of its contents: what a run left behind.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => System.IO.Path.GetRelativePath(Path, f), f => Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
