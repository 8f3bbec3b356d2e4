// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using Virtualizability.Analyzer.Spec;

using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>
/// The memory as one instruction sees it: reads see its own earlier writes, and the writes reach the
/// memory only on <see cref="Commit"/>, so that a trap leaves memory untouched (traps are precise).
/// Where asked, it records the address of every cell read or written (a witness lists the memory it used).
/// </summary>
public sealed class MemoryTransaction(SparseMemory memory, Endianness endianness, ISet<ulong>? touched = null)
{
    private readonly List<(ulong Address, ulong Value)> _writes = new();

    public ulong Read(ulong address, int cells)
    {
        ulong result = 0;
        for (var i = 0; i < cells; i++)
        {
            result |= ReadCell(address + (ulong)i) << Shift(i, cells);
        }

        return result;
    }

    public void Write(ulong address, int cells, ulong value)
    {
        for (var i = 0; i < cells; i++)
        {
            var cell = (address + (ulong)i) & memory.AddressMask;
            touched?.Add(cell);
            _writes.Add((cell, (value >> Shift(i, cells)) & memory.CellMask));
        }
    }

    public void Commit()
    {
        foreach (var (address, value) in _writes)
        {
            memory[address] = value;
        }

        _writes.Clear();
    }

    private int Shift(int i, int cells) =>
        (endianness == Endianness.Little ? i : cells - 1 - i) * memory.CellWidth;

    private ulong ReadCell(ulong address)
    {
        address &= memory.AddressMask;
        touched?.Add(address);
        for (var i = _writes.Count - 1; i >= 0; i--)
        {
            if (_writes[i].Address == address)
            {
                return _writes[i].Value;
            }
        }

        return memory[address];
    }
}
