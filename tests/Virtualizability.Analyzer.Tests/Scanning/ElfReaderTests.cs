using Virtualizability.Analyzer.Scanning;

namespace Virtualizability.Analyzer.Tests.Scanning;

/// <summary>ELF input through ELFSharp: real files read, damaged files refused with a message, never a crash.</summary>
public sealed class ElfReaderTests
{
    // Present on every Debian machine: a small ELF64 executable with section headers.
    private const string Executable = "/usr/bin/true";

    [Fact]
    public void ReadsTheExecutableSectionsOfARealFile()
    {
        var image = ElfBinaryReader.Read(Executable, File.ReadAllBytes(Executable));

        Assert.Equal(64, image.Bitness);
        Assert.Equal("elf64", image.Format);
        Assert.Contains(image.Regions, r => r.Name == ".text" && r.Length > 0);
    }

    [Fact]
    public void AFileWithoutSectionHeadersIsReadThroughItsProgramSegments()
    {
        var bytes = File.ReadAllBytes(Executable);
        // e_shoff, e_shnum and e_shstrndx = 0: the section header table is gone (as after sstrip).
        Array.Clear(bytes, 0x28, 8);
        Array.Clear(bytes, 0x3C, 4);

        var image = ElfBinaryReader.Read("stripped", bytes);

        Assert.NotEmpty(image.Regions);
        Assert.All(image.Regions, r => Assert.StartsWith("segment", r.Name, StringComparison.Ordinal));
    }

    public static TheoryData<string, int> Truncations() => new() { { "header", 20 }, { "tables", 400 }, { "half", -2 } };

    [Theory]
    [MemberData(nameof(Truncations))]
    public void ATruncatedFileIsBadInput(string what, int length)
    {
        var bytes = File.ReadAllBytes(Executable);
        var cut = bytes[..(length > 0 ? length : bytes.Length / -length)];

        var e = Assert.Throws<BinaryFormatException>(() => ElfBinaryReader.Read(what, cut));
        Assert.StartsWith(what + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACorruptedSectionTableIsBadInput()
    {
        var bytes = File.ReadAllBytes(Executable);
        // e_shoff points past the end of the file.
        BitConverter.GetBytes((ulong)bytes.Length * 4).CopyTo(bytes, 0x28);

        Assert.Throws<BinaryFormatException>(() => ElfBinaryReader.Read("corrupt", bytes));
    }

    [Theory]
    [InlineData(0xFFFF_FFFFUL)]
    [InlineData(0x7FFF_FFFFUL)]
    [InlineData(ulong.MaxValue)]
    public void ASectionWhoseSizeLiesIsRefusedBeforeItIsRead(ulong size)
    {
        var bytes = File.ReadAllBytes(Executable);
        // The section-name string table, which ELFSharp would allocate at the size its header states.
        var table = BitConverter.ToInt64(bytes, 0x28) + (BitConverter.ToUInt16(bytes, 0x3E) * 64);
        BitConverter.GetBytes(size).CopyTo(bytes, table + 0x20);

        var e = Assert.Throws<BinaryFormatException>(() => ElfBinaryReader.Read("lying", bytes));
        Assert.Contains("extends past the end of the file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonElfFileIsBadInputThatNamesTheFlatOption()
    {
        var e = Assert.Throws<BinaryFormatException>(() => ElfBinaryReader.Read("text", "hello, world"u8.ToArray()));
        Assert.Contains("--bitness", e.Message, StringComparison.Ordinal);
    }
}
