using System.Collections.Immutable;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>What names a body may use: the machine's registers and memory, its trap kinds, its operands.</summary>
public sealed record BindingScope(
    ImmutableArray<RegisterDef> Registers,
    MemoryDef? Memory,
    ImmutableArray<TrapKindDef> Traps,
    ImmutableArray<OperandDef> Operands)
{
    public RegisterDef? FindRegister(string name) => Registers.FirstOrDefault(r => r.Name == name);

    public OperandDef? FindOperand(string name) => Operands.FirstOrDefault(o => o.Name == name);

    public TrapKindDef? FindTrap(string name) => Traps.FirstOrDefault(t => t.Name == name);

    /// <summary>"mem" is one cell, "mem32" is 32 bits; null when the name is not a memory access.</summary>
    public int? MemoryAccessWidth(string name)
    {
        if (Memory is null || !name.StartsWith(Memory.Name, StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = name[Memory.Name.Length..];
        if (suffix.Length == 0)
        {
            return Memory.CellWidth;
        }

        return suffix.All(char.IsDigit) && int.TryParse(suffix, out var width) ? width : null;
    }
}
