using System.Buffers;
using Iced.Intel;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// Iced's decoder reads one byte a call; this reader serves them from pinned memory (a mapped file or a
/// pinned array) with one bounds check, so a mapped file is decoded in place without a copy.
/// </summary>
internal sealed unsafe class PointerCodeReader(MemoryHandle pinned, int length) : CodeReader
{
    private readonly byte* _start = (byte*)pinned.Pointer;
    private int _position;

    public int Position
    {
        get => _position;
        set => _position = value;
    }

    public override int ReadByte() => (uint)_position < (uint)length ? _start[_position++] : -1;
}
