using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Seeded random states and operands. Values lean towards the edges (0, 1, all ones, the sign bit) where
/// instruction semantics branch, and memory is filled where the registers point, where bodies read.
/// </summary>
public sealed class RandomStates(IsaSpec spec, int seed)
{
    private readonly Random _random = new(seed);

    public MachineState NextState()
    {
        var registers = spec.Registers.Select(r => NextValue(r.Width)).ToArray();
        SparseMemory? memory = null;
        if (spec.Memory is { } m)
        {
            memory = new SparseMemory(m.AddressWidth, m.CellWidth, NextValue(m.CellWidth));
            foreach (var pointer in registers)
            {
                for (var i = 0UL; i < 8; i++)
                {
                    memory[pointer + i] = NextValue(m.CellWidth);
                }
            }
        }

        return new MachineState(registers, memory);
    }

    public ulong[] NextOperands(InstructionDef instruction) =>
        instruction.Operands.Select(o => o.Kind == OperandKind.Register
            ? (ulong)_random.Next(o.Registers.Length)
            : NextValue(o.Width)).ToArray();

    public ulong NextValue(int width)
    {
        var mask = BitOps.Mask(width);
        return _random.Next(8) switch
        {
            0 => 0,
            1 => 1,
            2 => mask,
            3 => 1UL << (width - 1),
            4 => (ulong)_random.Next(16) & mask,
            _ => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 40) & mask,
        } & mask;
    }
}
