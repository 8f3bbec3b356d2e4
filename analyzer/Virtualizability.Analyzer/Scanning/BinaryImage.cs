using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>A run of executable bytes: an ELF section, a program segment, or a whole flat binary.</summary>
public sealed record CodeRegion(string Name, ulong Address, long FileOffset, int Length);

/// <summary>A function symbol: the bytes [Start, Start + Size) belong to it.</summary>
public sealed record FunctionSymbol(string Name, ulong Start, ulong Size);

/// <summary>
/// A binary ready to scan: its bytes, the regions of it that hold code, the bitness its code is decoded
/// in, and its function symbols (sorted by address; empty when the file has none). The symbols are read
/// when first asked for, which a scan does only for a finding: most files have none to name.
/// </summary>
public sealed class BinaryImage(string path, string format, int bitness, ReadOnlyMemory<byte> bytes, ImmutableArray<CodeRegion> regions, Func<ImmutableArray<FunctionSymbol>> symbols)
{
    private readonly Lazy<ImmutableArray<FunctionSymbol>> _symbols = new(symbols, LazyThreadSafetyMode.ExecutionAndPublication);

    public BinaryImage(string path, string format, int bitness, ReadOnlyMemory<byte> bytes, ImmutableArray<CodeRegion> regions, ImmutableArray<FunctionSymbol> symbols)
        : this(path, format, bitness, bytes, regions, () => symbols)
    {
    }

    public string Path { get; } = path;

    /// <summary>elf32, elf64 or flat.</summary>
    public string Format { get; } = format;

    public int Bitness { get; } = bitness;

    /// <summary>The whole file (mapped when it is large, see <see cref="FileBytes"/>).</summary>
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public ImmutableArray<CodeRegion> Regions { get; } = regions;

    public ImmutableArray<FunctionSymbol> Symbols => _symbols.Value;

    public long CodeBytes => Regions.Sum(r => (long)r.Length);

    /// <summary>The function containing an address, found by binary search over the sorted symbols.</summary>
    public string? SymbolAt(ulong address)
    {
        var symbols = Symbols;
        int lo = 0, hi = symbols.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (symbols[mid].Start <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        // Nested or overlapping symbols are rare in code; the nearest start at or below wins, if it covers.
        for (var i = found; i >= 0 && i > found - 4; i--)
        {
            var s = symbols[i];
            if (address < s.Start + Math.Max(s.Size, 1))
            {
                return s.Name;
            }
        }

        return null;
    }
}

/// <summary>A file that cannot be scanned: truncated, corrupted, not ELF, or not x86. Bad input, never a defect of the tool.</summary>
public sealed class BinaryFormatException(string path, string message) : Exception($"{path}: {message}")
{
    public string Path { get; } = path;
}
