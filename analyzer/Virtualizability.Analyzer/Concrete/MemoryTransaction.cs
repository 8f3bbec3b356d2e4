using System.Runtime.CompilerServices;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// One instruction's access to the state, made precise by an undo log: writes go straight to memory and
/// registers, and a body that may trap after it wrote something records each old value first (the
/// compiler emits the records only in such bodies), so <see cref="Rollback"/> restores the state exactly
/// as it was. A transaction is reused from step to step: <see cref="Begin"/> empties the log.
/// Where asked, it records the address of every cell read or written (a witness lists the memory it used).
/// </summary>
public sealed class MemoryTransaction(SparseMemory memory, Endianness endianness, ISet<ulong>? touched = null)
{
    private readonly int _cellWidth = memory.CellWidth;
    private readonly bool _little = endianness == Endianness.Little;
    private (ulong Address, ulong Value)[] _memoryLog = new (ulong, ulong)[16];
    private (int Register, ulong Value)[] _registerLog = new (int, ulong)[16];
    private int _memoryCount;
    private int _registerCount;

    /// <summary>When set, writes record the old cells so that <see cref="Rollback"/> can restore them.</summary>
    public bool Logging { get; private set; } = true;

    public SparseMemory Memory => memory;

    /// <summary>Starts a step: an empty log; <paramref name="logging"/> says whether writes are recorded.</summary>
    public void Begin(bool logging)
    {
        _memoryCount = 0;
        _registerCount = 0;
        Logging = logging;
    }

    /// <summary>Keeps what the step wrote (the log is dropped).</summary>
    public void Commit()
    {
        _memoryCount = 0;
        _registerCount = 0;
    }

    /// <summary>Undoes every logged write, newest first.</summary>
    public void Rollback(ulong[] registers)
    {
        for (var i = _registerCount - 1; i >= 0; i--)
        {
            registers[_registerLog[i].Register] = _registerLog[i].Value;
        }

        for (var i = _memoryCount - 1; i >= 0; i--)
        {
            memory[_memoryLog[i].Address] = _memoryLog[i].Value;
        }

        Commit();
    }

    /// <summary>Records a register's value before a body overwrites it (emitted only where a trap may follow).</summary>
    public void SaveRegister(ulong[] registers, int register)
    {
        if (_registerCount == _registerLog.Length)
        {
            Array.Resize(ref _registerLog, _registerLog.Length * 2);
        }

        _registerLog[_registerCount++] = (register, registers[register]);
    }

    public ulong Read(ulong address, int cells)
    {
        var mask = memory.AddressMask;
        address &= mask;
        if (touched is null && SamePage(address, cells, mask))
        {
            return ReadWithinPage(address, cells);
        }

        ulong result = 0;
        for (var i = 0; i < cells; i++)
        {
            var cell = (address + (ulong)i) & mask;
            touched?.Add(cell);
            result |= memory[cell] << Shift(i, cells);
        }

        return result;
    }

    public void Write(ulong address, int cells, ulong value)
    {
        var mask = memory.AddressMask;
        for (var i = 0; i < cells; i++)
        {
            var cell = (address + (ulong)i) & mask;
            touched?.Add(cell);
            if (Logging)
            {
                LogCell(cell);
            }

            memory[cell] = (value >> Shift(i, cells)) & memory.CellMask;
        }
    }

    private static bool SamePage(ulong address, int cells, ulong mask) =>
        (address >> SparseMemory.PageBits) == ((address + (ulong)cells - 1) >> SparseMemory.PageBits) && address + (ulong)cells - 1 <= mask;

    private ulong ReadWithinPage(ulong address, int cells)
    {
        if (memory.ExistingPageOf(address) is not { } page)
        {
            var fill = memory.DefaultCell;
            ulong all = 0;
            for (var i = 0; i < cells; i++)
            {
                all |= fill << Shift(i, cells);
            }

            return all;
        }

        var offset = (int)(address & (SparseMemory.PageCells - 1));
        var data = page.Cells;
        ulong result = 0;
        for (var i = 0; i < cells; i++)
        {
            result |= data[offset + i] << Shift(i, cells);
        }

        return result;
    }

    private void LogCell(ulong cell)
    {
        if (_memoryCount == _memoryLog.Length)
        {
            Array.Resize(ref _memoryLog, _memoryLog.Length * 2);
        }

        _memoryLog[_memoryCount++] = (cell, memory[cell]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Shift(int i, int cells) => (_little ? i : cells - 1 - i) * _cellWidth;
}
