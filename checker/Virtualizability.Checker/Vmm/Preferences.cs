using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Vmm;

/// <summary>
/// What the VMM would like its real control state to be, in the order it gives them up when Φ or the
/// allocation forbids: the values asked for (<see cref="VmmOptions.Allocate"/>), its own tables in its own
/// memory (every shadowed control field as wide as an address is a table base), and otherwise the values
/// the guest starts with.
/// </summary>
internal static class Preferences
{
    private const ulong TablePage = 0x1000;

    public static IReadOnlyList<RealPreference> For(IsaSpec spec, Embedding embedding, MachineState start, VmmOptions options)
    {
        var preferences = options.Allocate.Select(a => a.AsPreference()).ToList();
        if (spec.Memory is { } memory)
        {
            var top = BitOps.Mask(memory.AddressWidth);
            var next = options.TableBase ?? (top ^ (top >> 10));
            foreach (var register in spec.Registers)
            {
                foreach (var field in register.Fields.Where(f => f.Width == memory.AddressWidth && f.Width < register.Width))
                {
                    var mask = BitOps.Mask(field.Width) << field.Low;
                    if ((embedding.Shadowed[register.Index] & mask) == mask && !preferences.Any(p => p.Register == register.Index && (p.Mask & mask) != 0))
                    {
                        preferences.Add(new RealPreference(register.Index, mask, (next & top) << field.Low));
                        next += TablePage;
                    }
                }
            }
        }

        // Bits an earlier wish names are left to it, so that a conflict drops only the later one.
        var named = new ulong[spec.Registers.Length];
        foreach (var p in preferences)
        {
            named[p.Register] |= p.Mask;
        }

        preferences.AddRange(spec.Registers
            .Where(r => (embedding.Shadowed[r.Index] & ~named[r.Index]) != 0)
            .Select(r => new RealPreference(r.Index, embedding.Shadowed[r.Index] & ~named[r.Index], start.Registers[r.Index])));
        return preferences;
    }
}
