namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// A read-only stream over a byte array that, like a file, may be positioned past its end (reads there
/// return nothing). ELFSharp seeks to offsets a damaged header names before it can notice they are out of
/// range; a MemoryStream throws on such a seek, a file does not, and the reader then checks every range.
/// </summary>
internal sealed class SeekableBytes(ReadOnlyMemory<byte> bytes) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => bytes.Length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Max(0, value);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= bytes.Length)
        {
            return 0;
        }

        var n = (int)Math.Min(count, bytes.Length - _position);
        bytes.Span.Slice((int)_position, n).CopyTo(buffer.AsSpan(offset, n));
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => bytes.Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
