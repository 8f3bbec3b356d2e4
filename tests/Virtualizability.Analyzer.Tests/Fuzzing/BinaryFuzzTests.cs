using System.Diagnostics;
using CsCheck;
using Iced.Intel;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;
using Virtualizability.Tests.Shared.Fuzzing;
using Xunit.Abstractions;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Analyzer.Tests.Fuzzing;

/// <summary>
/// Generative fuzzing of the scanner's inputs, as `virt scan` reads and scans them: damaged ELF32 and ELF64
/// files (truncated, random bytes, header fields that lie about offsets, sizes and counts) and flat files of
/// random bytes are either refused with a <see cref="BinaryFormatException"/> naming the file, or read into
/// regions inside the file and scanned; never another exception. The verdicts are placeholders (every
/// claimed instruction "critical"): what is tested is the reading and decoding, not the classes.
/// </summary>
public sealed class BinaryFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Lazy<Dictionary<int, VerdictTable>> Tables = new(() => new()
    {
        [16] = Placeholder("x86-32.yaml"), [32] = Placeholder("x86-32.yaml"), [64] = Placeholder("x86-64.yaml"),
    });

    private readonly string _folder = Directory.CreateTempSubdirectory("virt-binary-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Bases() => ["elf32", "elf64"];

    [Theory]
    [MemberData(nameof(Bases))]
    public void EveryDamagedElfFileIsRefusedOrScanned(string name)
    {
        var original = name == "elf32" ? TinyElf32.Build(Code()) : File.ReadAllBytes("/usr/bin/true");
        var path = Path.Combine(_folder, name);
        var (refused, scanned) = (0, 0);
        var watch = Stopwatch.StartNew();
        void Check(BinaryMutation[] mutations)
        {
            File.WriteAllBytes(path, BinaryMutation.ApplyAll(original, mutations));
            _ = ReadAndScan(path, new ScanOptions()) ? scanned++ : refused++;
        }

        File.WriteAllBytes(path, original);
        Assert.True(ReadAndScan(path, new ScanOptions()), $"the undamaged {name} file is not read");
        Assert.NotEmpty(BinaryScanner.Read(path, new ScanOptions()).Symbols);

        Sample(BinaryMutation.Some, Check, SpecFuzz.Mutations / 4, name);
        output.WriteLine($"{name}: {refused + scanned} damaged files, {refused} refused, {scanned} scanned, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(refused > 0 && scanned > 0, $"{refused} refused, {scanned} scanned");
    }

    [Fact]
    public void EveryFlatFileOfRandomBytesIsScanned()
    {
        var path = Path.Combine(_folder, "flat");
        void Check((byte[] Bytes, int Bitness) input)
        {
            File.WriteAllBytes(path, input.Bytes);
            Assert.True(ReadAndScan(path, new ScanOptions(FlatBitness: input.Bitness, FlatBase: 0xFFFF_FFFF_FFFF_F000)));
        }

        Sample(Gen.Select(Gen.Byte.Array[0, 2048], Gen.OneOf(16, 32, 64)), Check, SpecFuzz.Mutations / 8, "flat");
    }

    // A fixed stream, as for the spec mutations, so a run is the same every time; a failure is shrunk by CsCheck.
    private static void Sample<T>(Gen<T> gen, Action<T> check, int count, string name)
    {
        var pcg = new PCG((uint)StableSeed.Of("binary", name), 1974);
        for (var n = 0; n < count; n++)
        {
            var seed = pcg.ToString();
            var input = gen.Generate(pcg, null, out _);
            try
            {
                check(input);
            }
            catch (Exception)
            {
                gen.Sample(check, seed: seed, iter: 300, threads: 1);
                throw;
            }
        }
    }

    /// <summary>True when the file was read and scanned, false when it was refused as bad input.</summary>
    private static bool ReadAndScan(string path, ScanOptions options)
    {
        BinaryImage image;
        try
        {
            image = BinaryScanner.Read(path, options);
        }
        catch (BinaryFormatException e)
        {
            Assert.StartsWith($"{path}: ", e.Message, StringComparison.Ordinal);
            Assert.True(e.Message.Length > path.Length + 10, e.Message);
            return false;
        }

        Assert.All(image.Regions, r => Assert.True(r.FileOffset >= 0 && r.Length >= 0 && r.FileOffset + r.Length <= image.Bytes.Length, $"{r} outside {image.Bytes.Length} bytes"));
        var result = BinaryScanner.Scan([image], bits => Tables.Value[bits], options with { Jobs = 1 });
        Assert.Equal(image.Regions.Sum(r => (long)r.Length), result.Bytes);
        return true;
    }

    private static VerdictTable Placeholder(string specFile)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        return new VerdictTable(spec, spec.Instructions.Select(i => new ScanVerdict(i.Name, InstructionClass.Critical, true, "control", "placeholder")));
    }

    private static byte[] Code()
    {
        var a = new Assembler(32);
        a.push(ebp); a.mov(ebp, esp); a.sgdt(__[eax]); a.pushfd(); a.popfd(); a.mov(eax, cs); a.leave(); a.ret();
        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        return stream.ToArray();
    }
}
