using System.Collections.Immutable;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using ELFSharp.ELF;
using Virtualizability.Analyzer.Diagnostics;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Reads ELF32 and ELF64 x86 files through ELFSharp: the executable sections (SHF_EXECINSTR with file
/// contents), or the executable PT_LOAD segments when the file has no section headers, and the function
/// symbols of .symtab (else .dynsym), read only when a finding needs them. Every offset ELFSharp reports
/// is checked against the file's length, so a truncated or corrupted file is a
/// <see cref="BinaryFormatException"/>, never a crash.
/// </summary>
public static class ElfBinaryReader
{
    private static readonly byte[] Magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    public static bool IsElf(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual(Magic);

    public static BinaryImage Read(string path, ReadOnlyMemory<byte> bytes)
    {
        if (!IsElf(bytes.Span))
        {
            throw new BinaryFormatException(path, "not an ELF file (no \\x7fELF magic); to scan raw machine code, give --bitness 16|32|64");
        }

        ElfLayout.CheckSections(path, bytes.Span);
        try
        {
            using var stream = new SeekableBytes(bytes);
            if (!ELFReader.TryLoad(stream, false, out var elf))
            {
                throw new BinaryFormatException(path, "not a valid ELF file: its header cannot be read");
            }

            using (elf)
            {
                return elf switch
                {
                    ELF<uint> e32 => FromElf(path, bytes, e32, "elf32"),
                    ELF<ulong> e64 => FromElf(path, bytes, e64, "elf64"),
                    _ => throw new BinaryFormatException(path, "unsupported ELF class"),
                };
            }
        }
        catch (BinaryFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // ELFSharp reports damage in its tables with whatever exception the damage happens to cause.
            throw new BinaryFormatException(path, $"corrupted or truncated ELF file: {e.Message}");
        }
    }

    private static BinaryImage FromElf<T>(string path, ReadOnlyMemory<byte> bytes, ELF<T> elf, string format)
        where T : struct
    {
        var bitness = elf.Machine switch
        {
            Machine.AMD64 => 64,
            Machine.Intel386 => 32,
            _ => throw new BinaryFormatException(path, $"ELF machine {elf.Machine} is not x86 (expected EM_386 or EM_X86_64)"),
        };
        var regions = elf.HasSectionHeader ? SectionRegions(path, bytes, elf) : [];
        if (regions.IsEmpty && elf.HasSegmentHeader)
        {
            regions = SegmentRegions(path, bytes, elf);
        }

        return new BinaryImage(path, format, bitness, bytes, regions, elf.HasSectionHeader ? () => SymbolsOf(bytes) : () => []);
    }

    private static ImmutableArray<CodeRegion> SectionRegions<T>(string path, ReadOnlyMemory<byte> bytes, ELF<T> elf)
        where T : struct
    {
        var regions = ImmutableArray.CreateBuilder<CodeRegion>();
        foreach (var section in elf.Sections)
        {
            if (section.Type != SectionType.ProgBits || (section.Flags & SectionFlags.Executable) == 0)
            {
                continue;
            }

            var offset = Convert.ToUInt64(section.Offset);
            var size = Convert.ToUInt64(section.Size);
            CheckInside(path, bytes, $"section {section.Name}", offset, size);
            regions.Add(new CodeRegion(section.Name, Convert.ToUInt64(section.LoadAddress), (long)offset, (int)size));
        }

        return regions.ToImmutable();
    }

    private static ImmutableArray<CodeRegion> SegmentRegions<T>(string path, ReadOnlyMemory<byte> bytes, ELF<T> elf)
        where T : struct
    {
        var regions = ImmutableArray.CreateBuilder<CodeRegion>();
        var index = 0;
        foreach (var segment in elf.Segments)
        {
            index++;
            if (segment.Type != SegmentType.Load || (segment.Flags & SegmentFlags.Execute) == 0)
            {
                continue;
            }

            CheckInside(path, bytes, $"program segment {index}", (ulong)segment.Offset, (ulong)segment.FileSize);
            regions.Add(new CodeRegion($"segment{index}", Convert.ToUInt64(segment.Address), segment.Offset, (int)segment.FileSize));
        }

        return regions.ToImmutable();
    }

    private static void CheckInside(string path, ReadOnlyMemory<byte> bytes, string what, ulong offset, ulong size)
    {
        if (offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset || size > int.MaxValue)
        {
            throw new BinaryFormatException(path, $"truncated or corrupted ELF file: {what} (offset {Hex.Format(offset)}, size {Hex.Format(size)}) extends past the end of the file ({Hex.Format((ulong)bytes.Length)} bytes)");
        }
    }

    /// <summary>
    /// The function symbols, read again from the bytes when a finding first needs a name. The file passed
    /// every check above; a symbol table damaged beyond them costs only the names, not the scan.
    /// </summary>
    private static ImmutableArray<FunctionSymbol> SymbolsOf(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var stream = new SeekableBytes(bytes);
            if (!ELFReader.TryLoad(stream, false, out var elf))
            {
                return [];
            }

            using (elf)
            {
                return elf switch
                {
                    ELF<uint> e32 => Symbols(e32),
                    ELF<ulong> e64 => Symbols(e64),
                    _ => [],
                };
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }

    private static ImmutableArray<FunctionSymbol> Symbols<T>(ELF<T> elf)
        where T : struct
    {
        var tables = elf.GetSections<SymbolTable<T>>().ToList();
        var table = tables.FirstOrDefault(t => t.Type == SectionType.SymbolTable) ?? tables.FirstOrDefault();
        if (table is null)
        {
            return [];
        }

        return table.Entries
            .Where(e => e.Type == SymbolType.Function && !string.IsNullOrEmpty(e.Name))
            .Select(e => new FunctionSymbol(e.Name, Convert.ToUInt64(e.Value), Convert.ToUInt64(e.Size)))
            .DistinctBy(s => s.Start)
            .OrderBy(s => s.Start)
            .ToImmutableArray();
    }
}
