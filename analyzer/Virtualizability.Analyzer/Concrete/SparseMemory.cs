namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// A memory of 2^AddressWidth cells kept in pages of <see cref="PageCells"/> cells, allocated on the first
/// write to them; cells of pages never written hold <see cref="DefaultCell"/>. That keeps states finite, so
/// the same state can be handed to Z3 as a constant array with stores, and a solver model's array (a default
/// and finitely many entries) can be read back as one; and a running program reads and writes arrays.
/// A page can be watched: a write to it is reported to <see cref="WatchedPageWritten"/> (decoded code
/// caches use it to drop what the write changed).
/// </summary>
public sealed class SparseMemory
{
    public const int PageBits = 9;
    public const int PageCells = 1 << PageBits;
    private const ulong OffsetMask = PageCells - 1;

    private readonly Dictionary<ulong, MemoryPage> _pages;

    // The page of the last access: programs touch the same few pages over and over. One reference, read
    // and written whole, so concurrent readers never see a page with another page's number.
    private MemoryPage? _last;

    public SparseMemory(int addressWidth, int cellWidth, ulong defaultCell = 0)
        : this(addressWidth, cellWidth, defaultCell, new Dictionary<ulong, MemoryPage>())
    {
    }

    private SparseMemory(int addressWidth, int cellWidth, ulong defaultCell, Dictionary<ulong, MemoryPage> pages)
    {
        AddressWidth = addressWidth;
        CellWidth = cellWidth;
        AddressMask = BitOps.Mask(addressWidth);
        CellMask = BitOps.Mask(cellWidth);
        DefaultCell = defaultCell & CellMask;
        _pages = pages;
    }

    public int AddressWidth { get; }

    public int CellWidth { get; }

    public ulong AddressMask { get; }

    public ulong CellMask { get; }

    public ulong DefaultCell { get; }

    /// <summary>Called with a cell's address when a write reaches a watched page.</summary>
    public Action<ulong>? WatchedPageWritten { get; set; }

    /// <summary>The cells that differ from <see cref="DefaultCell"/>, by address.</summary>
    public IReadOnlyDictionary<ulong, ulong> Cells
    {
        get
        {
            var cells = new Dictionary<ulong, ulong>();
            foreach (var page in _pages.Values)
            {
                for (var i = 0; i < PageCells; i++)
                {
                    if (page.Cells[i] != DefaultCell)
                    {
                        cells[(page.Number << PageBits) + (ulong)i] = page.Cells[i];
                    }
                }
            }

            return cells;
        }
    }

    public ulong this[ulong address]
    {
        get
        {
            address &= AddressMask;
            return Find(address >> PageBits) is { } page ? page.Cells[address & OffsetMask] : DefaultCell;
        }

        set
        {
            address &= AddressMask;
            var page = PageFor(address >> PageBits);
            page.Cells[address & OffsetMask] = value & CellMask;
            if (page.Watched)
            {
                WatchedPageWritten?.Invoke(address);
            }
        }
    }

    /// <summary>Marks the page holding <paramref name="address"/> as watched (its writes are reported).</summary>
    public void Watch(ulong address) => PageFor((address & AddressMask) >> PageBits).Watched = true;

    /// <summary>Stops reporting writes to the page holding <paramref name="address"/>.</summary>
    public void Unwatch(ulong address)
    {
        if (Find((address & AddressMask) >> PageBits) is { } page)
        {
            page.Watched = false;
        }
    }

    /// <summary>A copy with the same contents; watches and the watcher are not copied.</summary>
    public SparseMemory Clone() =>
        new(AddressWidth, CellWidth, DefaultCell, _pages.ToDictionary(p => p.Key, p => p.Value.Copy()));

    /// <summary>The memory seen through an address shift: cell x of the result is cell x + <paramref name="delta"/> of this one.</summary>
    public SparseMemory Shifted(ulong delta)
    {
        var shifted = new SparseMemory(AddressWidth, CellWidth, DefaultCell);
        foreach (var (address, value) in Cells)
        {
            shifted[address - delta] = value;
        }

        return shifted;
    }

    /// <summary>True when both memories hold the same value at every address.</summary>
    public bool SameContents(SparseMemory other) =>
        DefaultCell == other.DefaultCell
        && _pages.Keys.Concat(other._pages.Keys).All(n => SamePage(n, other));

    /// <summary>The lowest address at which the two memories differ, or null when they hold the same values.</summary>
    public ulong? FirstDifference(SparseMemory other)
    {
        foreach (var number in _pages.Keys.Concat(other._pages.Keys).Distinct().Order())
        {
            if (SamePage(number, other))
            {
                continue;
            }

            for (var i = 0UL; i < PageCells; i++)
            {
                var address = (number << PageBits) + i;
                if (this[address] != other[address])
                {
                    return address;
                }
            }
        }

        return null;
    }

    /// <summary>The page that holds <paramref name="address"/> (masked), allocated if need be, for direct access.</summary>
    internal MemoryPage PageOf(ulong address) => PageFor((address & AddressMask) >> PageBits);

    /// <summary>The page that holds <paramref name="address"/> (masked) if it was ever written, else null.</summary>
    internal MemoryPage? ExistingPageOf(ulong address) => Find((address & AddressMask) >> PageBits);

    internal void ReportWrite(ulong address) => WatchedPageWritten?.Invoke(address);

    private bool SamePage(ulong number, SparseMemory other)
    {
        var (mine, theirs) = (Find(number), other.Find(number));
        for (var i = 0; i < PageCells; i++)
        {
            if ((mine?.Cells[i] ?? DefaultCell) != (theirs?.Cells[i] ?? other.DefaultCell))
            {
                return false;
            }
        }

        return true;
    }

    private MemoryPage? Find(ulong number)
    {
        var last = _last;
        if (last is not null && last.Number == number)
        {
            return last;
        }

        if (!_pages.TryGetValue(number, out var page))
        {
            return null;
        }

        _last = page;
        return page;
    }

    private MemoryPage PageFor(ulong number)
    {
        if (Find(number) is { } page)
        {
            return page;
        }

        page = new MemoryPage(number, DefaultCell);
        _pages[number] = page;
        _last = page;
        return page;
    }
}

/// <summary>One page of cells; <see cref="Watched"/> pages report their writes.</summary>
internal sealed class MemoryPage
{
    public MemoryPage(ulong number, ulong fill)
    {
        Number = number;
        Cells = new ulong[SparseMemory.PageCells];
        if (fill != 0)
        {
            Array.Fill(Cells, fill);
        }
    }

    private MemoryPage(ulong number, ulong[] cells) => (Number, Cells) = (number, cells);

    public ulong Number { get; }

    public ulong[] Cells { get; }

    public bool Watched { get; set; }

    public MemoryPage Copy() => new(Number, (ulong[])Cells.Clone());
}
