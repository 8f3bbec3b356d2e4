using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Vmm;

/// <summary>Names the resource a set of differing bits belongs to: the one field that holds them all, else the register.</summary>
public static class Resources
{
    public static string Name(IsaSpec spec, int register, ulong bits, out int low, out ulong mask)
    {
        var definition = spec.Registers[register];
        if (definition.Fields.FirstOrDefault(f => (bits & ~(BitOps.Mask(f.Width) << f.Low)) == 0) is { } field)
        {
            (low, mask) = (field.Low, BitOps.Mask(field.Width) << field.Low);
            return $"{definition.Name}.{field.Name}";
        }

        (low, mask) = (0, BitOps.Mask(definition.Width));
        return definition.Name;
    }
}
