using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>
/// A file's bytes for scanning. A large file is mapped read-only rather than read: reading copies it into
/// a fresh array, whose every 4 KB page then costs a fault (about 125 ms for the 23 MB libz3.so.4 on a
/// 2-core VM), while a mapping shares the page cache and faults in runs of pages. A mapping is kept for
/// the rest of the process (its pointer is never released): a span of it may outlive every reference to
/// its memory, so it is never unmapped behind one; a scan maps each input once. A mapped file that another
/// process truncates while it is scanned would fault, as it would for objdump; small files are read.
/// </summary>
public static class FileBytes
{
    private const long MapFrom = 1 << 20;

    public static ReadOnlyMemory<byte> Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
        {
            throw new IOException($"{length} bytes is more than one scan reads");
        }

        return length < MapFrom ? File.ReadAllBytes(path) : new MappedBytes(path, (int)length).Memory;
    }

    private sealed unsafe class MappedBytes : MemoryManager<byte>
    {
        private readonly MemoryMappedViewAccessor _view;
        private readonly byte* _pointer;
        private readonly int _length;

        public MappedBytes(string path, int length)
        {
            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _pointer);
            _pointer += _view.PointerOffset;
            _length = length;
        }

        public override Span<byte> GetSpan() => new(_pointer, _length);

        // Mapped memory never moves: pinning is the pointer itself.
        public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

        public override void Unpin()
        {
        }

        // Nothing owns the memory but the process (see above): disposing it would unmap it under its spans.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
