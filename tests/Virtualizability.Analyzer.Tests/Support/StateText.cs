using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Tests.Support;

public static class StateText
{
    public static string Format(IsaSpec spec, MachineState state)
    {
        var registers = spec.Registers.Select(r => $"{r.Name}=0x{state.Registers[r.Index]:x}");
        var memory = state.Memory is null
            ? []
            : state.Memory.Cells.OrderBy(c => c.Key).Select(c => $"[0x{c.Key:x}]=0x{c.Value:x}").Prepend($"mem default 0x{state.Memory.DefaultCell:x}");
        return string.Join(" ", registers.Concat(memory));
    }
}
