namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// A memory of 2^AddressWidth cells stored sparsely: cells never written hold <see cref="DefaultCell"/>.
/// That keeps random states finite, so the same state can be handed to Z3 as a constant array with stores.
/// </summary>
public sealed class SparseMemory
{
    private readonly Dictionary<ulong, ulong> _cells;

    private readonly Func<ulong, ulong>? _backing;

    public SparseMemory(int addressWidth, int cellWidth, ulong defaultCell = 0)
        : this(addressWidth, cellWidth, defaultCell, new Dictionary<ulong, ulong>(), null)
    {
    }

    /// <summary>
    /// A memory whose unwritten cells come from <paramref name="backing"/> (a solver model, for a witness);
    /// each cell read from it is remembered, so the witness can list exactly the memory it used.
    /// </summary>
    public SparseMemory(int addressWidth, int cellWidth, Func<ulong, ulong> backing)
        : this(addressWidth, cellWidth, 0, new Dictionary<ulong, ulong>(), backing)
    {
    }

    private SparseMemory(int addressWidth, int cellWidth, ulong defaultCell, Dictionary<ulong, ulong> cells, Func<ulong, ulong>? backing)
    {
        _backing = backing;
        AddressWidth = addressWidth;
        CellWidth = cellWidth;
        AddressMask = BitOps.Mask(addressWidth);
        CellMask = BitOps.Mask(cellWidth);
        DefaultCell = defaultCell & CellMask;
        _cells = cells;
    }

    public int AddressWidth { get; }

    public int CellWidth { get; }

    public ulong AddressMask { get; }

    public ulong CellMask { get; }

    public ulong DefaultCell { get; }

    /// <summary>Cells that hold something other than the default, by address.</summary>
    public IReadOnlyDictionary<ulong, ulong> Cells => _cells;

    public ulong this[ulong address]
    {
        get
        {
            address &= AddressMask;
            if (_cells.TryGetValue(address, out var value))
            {
                return value;
            }

            if (_backing is null)
            {
                return DefaultCell;
            }

            value = _backing(address) & CellMask;
            _cells[address] = value;
            return value;
        }
        set => _cells[address & AddressMask] = value & CellMask;
    }

    public SparseMemory Clone() => new(AddressWidth, CellWidth, DefaultCell, new Dictionary<ulong, ulong>(_cells), _backing);

    /// <summary>True when both memories hold the same value at every address.</summary>
    public bool SameContents(SparseMemory other) =>
        DefaultCell == other.DefaultCell
        && _cells.Keys.Concat(other._cells.Keys).All(a => this[a] == other[a]);
}
