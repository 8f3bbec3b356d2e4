using System.Buffers.Binary;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Checks an ELF file's section header table before ELFSharp reads it. ELFSharp allocates each string and
/// symbol table at the size its header states, so a header that lies (a size of 0xffffffff) would make it
/// allocate gigabytes or fail with an out-of-memory error; here such a file is refused as bad input first.
/// </summary>
internal static class ElfLayout
{
    private const uint NoBits = 8;

    public static void CheckSections(string path, ReadOnlySpan<byte> bytes)
    {
        var elf64 = bytes.Length > 4 && bytes[4] == 2;
        var headerSize = elf64 ? 64 : 52;
        if (bytes.Length < headerSize)
        {
            return; // ELFSharp refuses a file too short for its header.
        }

        var big = bytes[5] == 2;
        var length = (ulong)bytes.Length;
        var tableAt = elf64 ? U64(bytes, 0x28, big) : U32(bytes, 0x20, big);
        var entrySize = U16(bytes, elf64 ? 0x3A : 0x2E, big);
        var count = U16(bytes, elf64 ? 0x3C : 0x30, big);
        var expectedEntry = elf64 ? 64 : 40;
        if (tableAt == 0 || count == 0)
        {
            return; // No section headers: the program segments are read instead.
        }

        if (entrySize != expectedEntry)
        {
            throw Bad(path, $"section headers of {entrySize} bytes (e_shentsize): expected {expectedEntry}");
        }

        if (tableAt > length || (ulong)count * (ulong)entrySize > length - tableAt)
        {
            throw Bad(path, $"the section header table ({count} entries at offset {Hex.Format(tableAt)}) extends past the end of the file ({Hex.Format(length)} bytes)");
        }

        for (var i = 0; i < count; i++)
        {
            var at = (int)tableAt + (i * entrySize);
            var type = U32(bytes, at + 4, big);
            var offset = elf64 ? U64(bytes, at + 0x18, big) : U32(bytes, at + 0x10, big);
            var size = elf64 ? U64(bytes, at + 0x20, big) : U32(bytes, at + 0x14, big);
            if (type != NoBits && (offset > length || size > length - offset))
            {
                throw Bad(path, $"section {i} (offset {Hex.Format(offset)}, size {Hex.Format(size)}) extends past the end of the file ({Hex.Format(length)} bytes)");
            }
        }
    }

    private static BinaryFormatException Bad(string path, string what) => new(path, $"truncated or corrupted ELF file: {what}");

    private static ushort U16(ReadOnlySpan<byte> bytes, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);

    private static ulong U32(ReadOnlySpan<byte> bytes, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);

    private static ulong U64(ReadOnlySpan<byte> bytes, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]) : BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]);
}
