using System.Text.Json;
using Iced.Intel;
using Json.Schema;
using Virtualizability.Cli.Tests.Support;
using Virtualizability.Reports.Scanning;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Cli.Tests;

/// <summary>
/// `virt scan` and `virt patch` end to end. The analyses of the x86 specs are cached in one folder for
/// the whole class, so they run once.
/// </summary>
public sealed class ScanCommandTests : IClassFixture<ScanCommandTests.CacheFolder>
{
    private const string Libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    private readonly string _cache;

    public ScanCommandTests(CacheFolder cache)
    {
        _cache = cache.Path;
    }

    [Fact]
    public void LibcAsJsonFollowsTheSchema()
    {
        var run = Scan(Libc, "--format", "json");

        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        Assert.False(run.HasStackTrace);
        using var document = JsonDocument.Parse(run.Output);
        var result = JsonSchema.FromText(ScanJsonReport.Schema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
        Assert.Equal("x86-64", document.RootElement.GetProperty("files")[0].GetProperty("spec").GetString());
        Assert.True(document.RootElement.GetProperty("files")[0].GetProperty("instructions").GetInt64() > 100_000);
    }

    [Fact]
    public void CriticalFindingsFailTheGateAndEveryFormatRenders()
    {
        var flat = Flat(a => { a.sgdt(__[rax]); a.pushfq(); a.mov(rax, rcx); });

        var gate = Scan(flat, "--bitness", "64", "--fail-on", "critical");
        Assert.True(gate.ExitCode == 1, gate.ToString());
        Assert.Contains("sgdt", gate.Output);
        Assert.Contains("pushfq", gate.Output);
        Assert.Equal(0, Scan(flat, "--bitness", "64").ExitCode);
        Assert.StartsWith("# virt scan", Scan(flat, "--bitness", "64", "-f", "markdown").Output);
        using var sarif = JsonDocument.Parse(Scan(flat, "--bitness", "64", "-f", "sarif").Output);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.Equal(0, results[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("byteOffset").GetInt32());
    }

    [Fact]
    public void AReportWrittenToAFileNeedsNoSpecOption()
    {
        var flat = Flat(a => { a.sgdt(__[rax]); a.mov(rax, rcx); });
        var report = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(flat)!, "report.json");

        var run = Scan(flat, "--bitness", "64", "-o", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("x86-64", document.RootElement.GetProperty("files")[0].GetProperty("spec").GetString());
    }

    [Fact]
    public void AReportNamesTheSpecAsThisRunGaveIt()
    {
        var flat = Flat(a => { a.sgdt(__[rax]); });
        var absolute = Virt.Spec("x86-64.yaml");
        var relative = System.IO.Path.GetRelativePath(Environment.CurrentDirectory, absolute);

        // The first run caches the table under the spec's full path; the second finds it there.
        foreach (var given in new[] { absolute, relative, absolute })
        {
            var run = Scan(flat, "--bitness", "64", "--spec", given, "-f", "json");
            Assert.True(run.ExitCode == 0, run.ToString());
            using var document = JsonDocument.Parse(run.Output);
            Assert.Equal(given.Replace('\\', '/'), document.RootElement.GetProperty("files")[0].GetProperty("specFile").GetString());
        }
    }

    public static TheoryData<string, byte[]> BadInputs() => new()
    {
        { "not ELF", "plain text, not a binary"u8.ToArray() },
        { "truncated", File.ReadAllBytes("/usr/bin/true")[..64] },
        { "corrupted", Corrupted() },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadBinariesAreBadInputWithoutAStackTrace(string what, byte[] bytes)
    {
        var file = Path.Combine(_cache, what.Replace(' ', '-') + ".bin");
        File.WriteAllBytes(file, bytes);

        var run = Scan(file);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.False(run.HasStackTrace, run.ToString());
        Assert.StartsWith($"virt: {file}: ", run.ErrorLines.Last());
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void PatchReplacesEachCriticalInstructionByTrapsOfItsLength()
    {
        var flat = Flat(a => { a.mov(rax, rcx); a.sgdt(__[rax]); a.nop(); a.popfq(); });
        var original = File.ReadAllBytes(flat);
        var output = flat + ".patched";
        var table = flat + ".patch.json";

        var run = Virt.Run("patch", flat, "--bitness", "64", "-o", output, "--table", table, "--cache-dir", _cache);

        Assert.True(run.ExitCode == 0, run.ToString());
        var patched = File.ReadAllBytes(output);
        Assert.Equal(original.Length, patched.Length);
        using var side = JsonDocument.Parse(File.ReadAllText(table));
        var patches = side.RootElement.GetProperty("patches").EnumerateArray().ToList();
        Assert.Equal(["SGDT", "POPFQ"], patches.Select(p => p.GetProperty("instruction").GetString()));
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToHashSet();
        foreach (var p in patches)
        {
            var offset = p.GetProperty("fileOffset").GetInt32();
            var length = p.GetProperty("length").GetInt32();
            Assert.All(patched[offset..(offset + length)], b => Assert.Equal(0xCC, b));
            Assert.Equal(p.GetProperty("originalBytes").GetString(), Convert.ToHexStringLower(original[offset..(offset + length)]));
            changed.ExceptWith(Enumerable.Range(offset, length));
        }

        Assert.Empty(changed);
    }

    private VirtRun Scan(string file, params string[] more) => Virt.Run(["scan", file, "--cache-dir", _cache, .. more]);

    private string Flat(Action<Assembler> code)
    {
        var a = new Assembler(64);
        code(a);
        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        var file = Path.Combine(_cache, $"flat-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, stream.ToArray());
        return file;
    }

    private static byte[] Corrupted()
    {
        var bytes = File.ReadAllBytes("/usr/bin/true");
        BitConverter.GetBytes((ulong)bytes.Length * 4).CopyTo(bytes, 0x28);   // e_shoff past the end
        return bytes;
    }

    /// <summary>A temporary folder for the class: the analysis cache and the binaries the tests write.</summary>
    public sealed class CacheFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("virt-scan-tests-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
