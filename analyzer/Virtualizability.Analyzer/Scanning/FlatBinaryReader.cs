using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>A raw flat binary: every byte is code, loaded at a base address, decoded in the given bitness.</summary>
public static class FlatBinaryReader
{
    public static BinaryImage Read(string path, ReadOnlyMemory<byte> bytes, int bitness, ulong baseAddress)
    {
        if (bitness is not (16 or 32 or 64))
        {
            throw new BinaryFormatException(path, $"bitness {bitness}: expected 16, 32 or 64");
        }

        var region = new CodeRegion("flat", baseAddress, 0, bytes.Length);
        return new BinaryImage(path, "flat", bitness, bytes, [region], []);
    }
}
