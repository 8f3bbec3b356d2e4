using Iced.Intel;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Analyzer.Tests.Scanning;

/// <summary>
/// The cached verdict table a scan reads instead of loading the spec: the same lookups as the table it
/// was written from, and a miss whenever the spec, a file it extends, or the entry itself has changed.
/// The verdicts are placeholders (no Z3): what is tested is the cache, not the classes.
/// </summary>
public sealed class VerdictTableCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("virt-table-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ATableReadBackFindsWhatTheWrittenOneFinds()
    {
        var (path, spec, table) = Written();

        var read = new VerdictCache(Cache).TryReadTable(path);

        Assert.NotNull(read);
        Assert.Equal((spec.Name, spec.File), (read.SpecName, read.SpecFile));
        foreach (var instruction in Decoded(a => { a.sgdt(__[rax]); a.sldt(eax); a.sldt(__word_ptr[rax]); a.pushfq(); a.mov(rax, rcx); a.hlt(); a.vzeroupper(); }))
        {
            Assert.Equal(table.Find(instruction), read.Find(instruction));
        }
    }

    [Fact]
    public void AChangedExtendedFileIsAMiss()
    {
        var (path, _, _) = Written();

        File.AppendAllText(Path.Combine(_folder, "x86-64.yaml"), "\n# changed\n");

        Assert.Null(new VerdictCache(Cache).TryReadTable(path));
    }

    [Fact]
    public void AChangedSpecFileOrADamagedEntryIsAMiss()
    {
        var (path, _, _) = Written();
        var entry = Directory.GetFiles(Cache, "table-*.bin").Single();
        File.WriteAllBytes(entry, File.ReadAllBytes(entry)[..^40]);
        Assert.Null(new VerdictCache(Cache).TryReadTable(path));

        Written();
        File.AppendAllText(path, "\n# changed\n");
        Assert.Null(new VerdictCache(Cache).TryReadTable(path));
        Assert.Null(new VerdictCache(null).TryReadTable(path));
    }

    private string Cache => Path.Combine(_folder, "cache");

    /// <summary>x86-64-umip.yaml beside the x86-64.yaml it extends, in the test's folder, with its table cached.</summary>
    private (string Path, IsaSpec Spec, VerdictTable Table) Written()
    {
        foreach (var name in new[] { "x86-64.yaml", "x86-64-umip.yaml" })
        {
            File.Copy(Path.Combine(Repo.Specs, name), Path.Combine(_folder, name), overwrite: true);
        }

        var path = Path.Combine(_folder, "x86-64-umip.yaml");
        var spec = SpecLoader.Load(path);
        var classes = Enum.GetValues<InstructionClass>();
        var table = new VerdictTable(spec, spec.Instructions.Select((i, n) => new ScanVerdict(i.Name, classes[n % classes.Length], n % 2 == 0, "control", $"reason {n}")));
        new VerdictCache(Cache).WriteTable(path, spec, table);
        return (path, spec, table);
    }

    private static List<Instruction> Decoded(Action<Assembler> code)
    {
        var a = new Assembler(64);
        code(a);
        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(stream.ToArray()));
        return [.. decoder];
    }
}
