using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Names the registers, fields and cells in which states differ, for one-line witness reasons.</summary>
internal sealed class StateText(IsaSpec spec)
{
    public static string Hex(ulong value) => value < 10 ? value.ToString() : $"0x{value:x}";

    /// <summary>"EFLAGS.IF 0 → 1" for every field (or whole register) whose masked bits differ.</summary>
    public ImmutableArray<string> Differences(ulong[] before, ulong[] after, Func<int, ulong> mask, string arrow = " → ")
    {
        var changes = ImmutableArray.CreateBuilder<string>();
        foreach (var register in spec.Registers)
        {
            var differing = (before[register.Index] ^ after[register.Index]) & mask(register.Index);
            if (differing == 0)
            {
                continue;
            }

            var fields = register.Fields.Where(f => (differing & (BitOps.Mask(f.Width) << f.Low)) != 0).ToList();
            var covered = fields.Aggregate(0UL, (m, f) => m | (BitOps.Mask(f.Width) << f.Low));
            foreach (var field in fields)
            {
                changes.Add($"{register.Name}.{field.Name} {Hex(Field(before[register.Index], field))}{arrow}{Hex(Field(after[register.Index], field))}");
            }

            if ((differing & ~covered) != 0)
            {
                changes.Add($"{register.Name} {Hex(before[register.Index])}{arrow}{Hex(after[register.Index])}");
            }
        }

        return changes.ToImmutable();
    }

    public ImmutableArray<NamedValue> Registers(MachineState state) =>
        spec.Registers.Select(r => new NamedValue(r.Name, state.Registers[r.Index])).ToImmutableArray();

    public string Outcome(StepResult step) => step.Trap is { } k ? $"trap {spec.Traps[k].Name}" : "runs";

    private static ulong Field(ulong value, FieldDef field) => (value >> field.Low) & BitOps.Mask(field.Width);
}
