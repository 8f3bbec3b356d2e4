// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>
/// A memory of 2^AddressWidth cells stored sparsely: cells never written hold <see cref="DefaultCell"/>.
/// That keeps states finite, so the same state can be handed to Z3 as a constant array with stores, and a
/// solver model's array (a default and finitely many entries) can be read back as one.
/// </summary>
public sealed class SparseMemory
{
    private readonly Dictionary<ulong, ulong> _cells;

    public SparseMemory(int addressWidth, int cellWidth, ulong defaultCell = 0)
        : this(addressWidth, cellWidth, defaultCell, new Dictionary<ulong, ulong>())
    {
    }

    private SparseMemory(int addressWidth, int cellWidth, ulong defaultCell, Dictionary<ulong, ulong> cells)
    {
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

    /// <summary>Cells that were set, by address.</summary>
    public IReadOnlyDictionary<ulong, ulong> Cells => _cells;

    public ulong this[ulong address]
    {
        get => _cells.TryGetValue(address & AddressMask, out var value) ? value : DefaultCell;
        set => _cells[address & AddressMask] = value & CellMask;
    }

    public SparseMemory Clone() => new(AddressWidth, CellWidth, DefaultCell, new Dictionary<ulong, ulong>(_cells));

    /// <summary>The memory seen through an address shift: cell x of the result is cell x + <paramref name="delta"/> of this one.</summary>
    public SparseMemory Shifted(ulong delta) =>
        new(AddressWidth, CellWidth, DefaultCell, _cells.ToDictionary(c => (c.Key - delta) & AddressMask, c => c.Value));

    /// <summary>True when both memories hold the same value at every address.</summary>
    public bool SameContents(SparseMemory other) =>
        DefaultCell == other.DefaultCell
        && _cells.Keys.Concat(other._cells.Keys).All(a => this[a] == other[a]);
}
