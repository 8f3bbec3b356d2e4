using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>One register, field or memory cell whose value differs between two states.</summary>
internal sealed record StateDifference(string Resource, ulong Before, ulong After)
{
    public string Text(string arrow) => $"{Resource} {Hex.Format(Before)}{arrow}{Hex.Format(After)}";
}

/// <summary>Names the registers, fields and cells in which states differ, for one-line witness reasons.</summary>
internal sealed class StateText(IsaSpec spec)
{
    /// <summary>Every field (or whole register) whose masked bits differ, in spec order.</summary>
    public ImmutableArray<StateDifference> Differences(ulong[] before, ulong[] after, Func<int, ulong> mask)
    {
        var changes = ImmutableArray.CreateBuilder<StateDifference>();
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
                changes.Add(new($"{register.Name}.{field.Name}", Field(before[register.Index], field), Field(after[register.Index], field)));
            }

            if ((differing & ~covered) != 0)
            {
                changes.Add(new(register.Name, before[register.Index], after[register.Index]));
            }
        }

        return changes.ToImmutable();
    }

    public ImmutableArray<NamedValue> Registers(MachineState state) =>
        spec.Registers.Select(r => new NamedValue(r.Name, state.Registers[r.Index])).ToImmutableArray();

    public string Outcome(StepResult step) => step.Trap is { } k ? $"trap {TrapName(step)}" : "runs";

    public string TrapName(StepResult step) => step.Trap is { } k ? spec.Traps[k].Name : "none";

    private static ulong Field(ulong value, FieldDef field) => (value >> field.Low) & BitOps.Mask(field.Width);
}
