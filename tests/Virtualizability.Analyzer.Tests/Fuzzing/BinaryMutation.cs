using System.Buffers.Binary;
using CsCheck;

namespace Virtualizability.Analyzer.Tests.Fuzzing;

public enum BinaryMutationKind
{
    Truncate,
    OverwriteBytes,
    LieInFileHeader,
    LieInSectionHeader,
    LieInProgramHeader,
}

/// <summary>
/// One damage to an ELF file: cut short, random bytes, or a header field (of the file, of a section, of a
/// program segment) set to a value that lies: an offset or size past the end, a huge count, zero.
/// </summary>
internal sealed record BinaryMutation(BinaryMutationKind Kind, int Position, int Field, int Choice)
{
    public static readonly Gen<BinaryMutation> One = Gen.Select(
        Gen.Enum<BinaryMutationKind>(), Gen.Int[0, 1 << 24], Gen.Int[0, 64], Gen.Int[0, 1 << 16],
        (kind, position, field, choice) => new BinaryMutation(kind, position, field, choice));

    public static readonly Gen<BinaryMutation[]> Some = One.Array[1, 3];

    // (offset, size) of the fields of the file header, a section header and a program header, per ELF class.
    private static readonly (int Offset, int Size)[] FileFields64 = [(0x04, 1), (0x12, 2), (0x20, 8), (0x28, 8), (0x36, 2), (0x38, 2), (0x3A, 2), (0x3C, 2), (0x3E, 2)];
    private static readonly (int Offset, int Size)[] FileFields32 = [(0x04, 1), (0x12, 2), (0x1C, 4), (0x20, 4), (0x2A, 2), (0x2C, 2), (0x2E, 2), (0x30, 2), (0x32, 2)];
    private static readonly (int Offset, int Size)[] SectionFields64 = [(0, 4), (4, 4), (8, 8), (0x10, 8), (0x18, 8), (0x20, 8), (0x28, 4), (0x2C, 4), (0x38, 8)];
    private static readonly (int Offset, int Size)[] SectionFields32 = [(0, 4), (4, 4), (8, 4), (0x0C, 4), (0x10, 4), (0x14, 4), (0x18, 4), (0x1C, 4), (0x24, 4)];
    private static readonly (int Offset, int Size)[] SegmentFields64 = [(0, 4), (4, 4), (8, 8), (0x10, 8), (0x20, 8), (0x28, 8)];
    private static readonly (int Offset, int Size)[] SegmentFields32 = [(0, 4), (4, 4), (8, 4), (0x10, 4), (0x14, 4), (0x18, 4)];

    public static byte[] ApplyAll(byte[] bytes, IEnumerable<BinaryMutation> mutations) =>
        mutations.Aggregate(bytes, (current, mutation) => mutation.Apply(current));

    public byte[] Apply(byte[] original)
    {
        var bytes = original.ToArray();
        var elf64 = bytes.Length > 4 && bytes[4] == 2;
        switch (Kind)
        {
            case BinaryMutationKind.Truncate:
                return bytes[..(Position % (bytes.Length + 1))];
            case BinaryMutationKind.OverwriteBytes when bytes.Length > 0:
                var random = new Random(Choice);
                for (var i = 0; i <= Field % 8; i++)
                {
                    bytes[(Position + i) % bytes.Length] = (byte)random.Next(256);
                }

                return bytes;
            case BinaryMutationKind.LieInFileHeader:
                Lie(bytes, 0, elf64 ? FileFields64 : FileFields32);
                return bytes;
            case BinaryMutationKind.LieInSectionHeader:
                Lie(bytes, TableEntry(bytes, elf64, elf64 ? 0x28 : 0x20, elf64 ? 0x3C : 0x30, elf64 ? 64 : 40), elf64 ? SectionFields64 : SectionFields32);
                return bytes;
            case BinaryMutationKind.LieInProgramHeader:
                Lie(bytes, TableEntry(bytes, elf64, elf64 ? 0x20 : 0x1C, elf64 ? 0x38 : 0x2C, elf64 ? 56 : 32), elf64 ? SegmentFields64 : SegmentFields32);
                return bytes;
            default:
                return bytes;
        }
    }

    // The Position-th entry (cyclically) of a header table, as the (possibly already damaged) header says.
    private int TableEntry(byte[] bytes, bool elf64, int offsetField, int countField, int entrySize)
    {
        if (bytes.Length < 0x40)
        {
            return -1;
        }

        var table = elf64 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offsetField)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offsetField));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(countField));
        return count == 0 || table >= (ulong)bytes.Length ? -1 : (int)table + (Position % count * entrySize);
    }

    private void Lie(byte[] bytes, int at, (int Offset, int Size)[] fields)
    {
        var (offset, size) = fields[Field % fields.Length];
        if (at < 0 || at + offset + size > bytes.Length)
        {
            return;
        }

        var length = (ulong)bytes.Length;
        ulong[] lies = [0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, length - 1, length, length + 1, length / 2, 1UL << 32, 1UL << 63, ulong.MaxValue];
        var value = lies[Choice % lies.Length];
        var span = bytes.AsSpan(at + offset, size);
        switch (size)
        {
            case 1: span[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }
    }

    public override string ToString() => $"{Kind}(at {Position}, field {Field}, choice {Choice})";
}
