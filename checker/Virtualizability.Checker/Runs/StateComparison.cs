using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Checker.Runs;

/// <summary>The first resource in which two states differ: registers in spec order (named by field), then memory by address.</summary>
public static class StateComparison
{
    public static (string Resource, ulong First, ulong Second)? FirstDifference(IsaSpec spec, MachineState first, MachineState second)
    {
        for (var i = 0; i < first.Registers.Length; i++)
        {
            var bits = first.Registers[i] ^ second.Registers[i];
            if (bits != 0)
            {
                var name = Resources.Name(spec, i, bits & LowestField(spec, i, bits), out var low, out var mask);
                return (name, (first.Registers[i] & mask) >> low, (second.Registers[i] & mask) >> low);
            }
        }

        if (first.Memory is { } a && second.Memory is { } b && a.FirstDifference(b) is { } address)
        {
            return ($"{spec.Memory!.Name}[{Analyzer.Diagnostics.Hex.Format(address)}]", a[address], b[address]);
        }

        return null;
    }

    // The differing bits of the lowest field that has any, so that one divergence names one resource.
    private static ulong LowestField(IsaSpec spec, int register, ulong bits)
    {
        var lowest = bits & (0UL - bits);
        var field = spec.Registers[register].Fields.FirstOrDefault(f => (lowest & (BitOps.Mask(f.Width) << f.Low)) != 0);
        return field is null ? ulong.MaxValue : BitOps.Mask(field.Width) << field.Low;
    }
}
