using System.Buffers.Binary;
using System.Text;

namespace Virtualizability.Analyzer.Tests.Fuzzing;

/// <summary>
/// A small but complete ELF32 i386 executable written byte by byte: a PT_LOAD program header, and the
/// sections .text (the code), .symtab with one function symbol, .strtab and .shstrtab. The fuzz tests
/// mutate it, since a Debian machine has no 32-bit ELF file to start from.
/// </summary>
internal static class TinyElf32
{
    private const int HeaderSize = 52;
    private const int ProgramHeaderSize = 32;
    private const int SectionHeaderSize = 40;
    private const uint LoadAddress = 0x0804_8000;

    public static byte[] Build(byte[] code)
    {
        var names = "\0.text\0.symtab\0.strtab\0.shstrtab\0"u8.ToArray();
        var symbolNames = "\0main\0"u8.ToArray();
        var codeAt = HeaderSize + ProgramHeaderSize;
        var symbolNamesAt = codeAt + code.Length;
        var namesAt = symbolNamesAt + symbolNames.Length;
        var symbolsAt = Align(namesAt + names.Length);
        var sectionsAt = Align(symbolsAt + 32);
        var bytes = new byte[sectionsAt + (5 * SectionHeaderSize)];

        "\x7F"u8.CopyTo(bytes);
        Encoding.ASCII.GetBytes("ELF").CopyTo(bytes, 1);
        bytes[4] = 1; // ELFCLASS32
        bytes[5] = 1; // little-endian
        bytes[6] = 1; // EV_CURRENT
        U16(bytes, 16, 2); // ET_EXEC
        U16(bytes, 18, 3); // EM_386
        U32(bytes, 20, 1);
        U32(bytes, 24, LoadAddress + (uint)codeAt);
        U32(bytes, 28, HeaderSize);
        U32(bytes, 32, (uint)sectionsAt);
        U16(bytes, 40, HeaderSize);
        U16(bytes, 42, ProgramHeaderSize);
        U16(bytes, 44, 1);
        U16(bytes, 46, SectionHeaderSize);
        U16(bytes, 48, 5);
        U16(bytes, 50, 4);

        // PT_LOAD, readable and executable, covering the whole file.
        U32(bytes, HeaderSize, 1);
        U32(bytes, HeaderSize + 8, LoadAddress);
        U32(bytes, HeaderSize + 12, LoadAddress);
        U32(bytes, HeaderSize + 16, (uint)bytes.Length);
        U32(bytes, HeaderSize + 20, (uint)bytes.Length);
        U32(bytes, HeaderSize + 24, 5);
        U32(bytes, HeaderSize + 28, 0x1000);

        code.CopyTo(bytes, codeAt);
        symbolNames.CopyTo(bytes, symbolNamesAt);
        names.CopyTo(bytes, namesAt);
        // Symbol 1: main, a global function covering the code (symbol 0 is the null symbol).
        U32(bytes, symbolsAt + 16, 1);
        U32(bytes, symbolsAt + 20, LoadAddress + (uint)codeAt);
        U32(bytes, symbolsAt + 24, (uint)code.Length);
        bytes[symbolsAt + 28] = 0x12;
        U16(bytes, symbolsAt + 30, 1);

        Section(bytes, sectionsAt, 1, name: 1, type: 1, flags: 6, LoadAddress + (uint)codeAt, codeAt, code.Length, link: 0, entrySize: 0);
        Section(bytes, sectionsAt, 2, name: 7, type: 2, flags: 0, 0, symbolsAt, 32, link: 3, entrySize: 16);
        Section(bytes, sectionsAt, 3, name: 15, type: 3, flags: 0, 0, symbolNamesAt, symbolNames.Length, link: 0, entrySize: 0);
        Section(bytes, sectionsAt, 4, name: 23, type: 3, flags: 0, 0, namesAt, names.Length, link: 0, entrySize: 0);
        return bytes;
    }

    private static void Section(byte[] bytes, int table, int index, uint name, uint type, uint flags, uint address, int offset, int size, uint link, uint entrySize)
    {
        var at = table + (index * SectionHeaderSize);
        U32(bytes, at, name);
        U32(bytes, at + 4, type);
        U32(bytes, at + 8, flags);
        U32(bytes, at + 12, address);
        U32(bytes, at + 16, (uint)offset);
        U32(bytes, at + 20, (uint)size);
        U32(bytes, at + 24, link);
        U32(bytes, at + 28, index == 2 ? 1u : 0u); // .symtab: index of the first global symbol
        U32(bytes, at + 32, 4);
        U32(bytes, at + 36, entrySize);
    }

    private static int Align(int offset) => (offset + 3) & ~3;

    private static void U16(byte[] bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);

    private static void U32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
}
