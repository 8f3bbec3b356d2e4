using System.Collections.Immutable;
using Iced.Intel;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.X86;

/// <summary>Which half of an r/m Code a definition claims: a definition has either a register or a memory operand there.</summary>
public enum IcedForm
{
    /// <summary>The Code has no r/m operand: the definition claims all of it.</summary>
    Whole,
    Register,
    Memory,
}

/// <summary>
/// Checks that an Iced <see cref="Code"/> fits a definition's operands, using Iced's own opcode description:
/// operand by operand, register against register (of the same width, or of a wider general register that
/// contains a 16- or 32-bit one), memory against memory, an immediate against an immediate of the width it
/// has after sign extension; a register or memory operand against one of the two, which also says which
/// form the definition claims. Operands the opcode fixes (EAX of IN EAX, imm8; the 1 of a shift by one;
/// the string instructions' memory) may be left implicit. The Code must exist in the spec's bitness.
/// </summary>
internal static class IcedCodeFit
{
    public static string? Check(Code code, ImmutableArray<OperandDef> operands, Func<OperandDef, IReadOnlyList<int>> registerWidths, int bitness, out IcedForm form)
    {
        form = IcedForm.Whole;
        var info = code.ToOpCode();
        if (!info.IsInstruction)
        {
            return "it is not an instruction";
        }

        if (!info.IsAvailableInMode(bitness))
        {
            return $"it does not exist in {bitness}-bit code (the width of the spec's pc)";
        }

        var declared = operands.Where(o => o.Kind != OperandKind.Implicit).ToList();
        var next = 0;
        for (var i = 0; i < info.OpCount; i++)
        {
            var op = IcedOperand.Of(info, i);
            var spec = next < declared.Count ? declared[next] : null;
            if (op.Shape is IcedOperandShape.FixedRegister or IcedOperandShape.FixedImmediate or IcedOperandShape.ImplicitMemory)
            {
                // Implicit in the body unless the definition names it as its next operand.
                if (spec is not null && MatchesFixed(op, spec, registerWidths))
                {
                    next++;
                }

                continue;
            }

            if (spec is null)
            {
                return $"its operand {i + 1} ({Describe(op)}) has no operand in the definition";
            }

            if (Mismatch(op, spec, registerWidths, ref form) is { } reason)
            {
                return $"its operand {i + 1} is {Describe(op)}, but {reason}";
            }

            next++;
        }

        return next < declared.Count
            ? $"operand '{declared[next].Name}' has no operand in the Code, whose operands are {DescribeAll(info)}"
            : null;
    }

    /// <summary>
    /// For a Code that <see cref="Check"/> accepted for these operands: per Iced operand, the index (into
    /// <paramref name="operands"/>) of the definition's operand it supplies, or -1 where the opcode fixes it and
    /// the body leaves it implicit. The same walk as <see cref="Check"/>, so decoding binds what loading checked.
    /// </summary>
    public static int[] Bind(Code code, ImmutableArray<OperandDef> operands, Func<OperandDef, IReadOnlyList<int>> registerWidths)
    {
        var info = code.ToOpCode();
        var declared = operands.Where(o => o.Kind != OperandKind.Implicit).ToList();
        var binding = new int[info.OpCount];
        var next = 0;
        for (var i = 0; i < info.OpCount; i++)
        {
            var op = IcedOperand.Of(info, i);
            var spec = next < declared.Count ? declared[next] : null;
            var isFixed = op.Shape is IcedOperandShape.FixedRegister or IcedOperandShape.FixedImmediate or IcedOperandShape.ImplicitMemory;
            if (spec is null || (isFixed && !MatchesFixed(op, spec, registerWidths)))
            {
                binding[i] = -1;
                continue;
            }

            binding[i] = spec.Index;
            next++;
        }

        return binding;
    }

    private static bool MatchesFixed(IcedOperand op, OperandDef spec, Func<OperandDef, IReadOnlyList<int>> registerWidths) => op.Shape switch
    {
        IcedOperandShape.FixedRegister => spec.Kind == OperandKind.Register && registerWidths(spec).All(w => w == op.Width),
        IcedOperandShape.FixedImmediate => spec.Kind == OperandKind.Immediate,
        _ => spec.Kind == OperandKind.Memory,
    };

    private static string? Mismatch(IcedOperand op, OperandDef spec, Func<OperandDef, IReadOnlyList<int>> registerWidths, ref IcedForm form)
    {
        switch (op.Shape)
        {
            case IcedOperandShape.RegisterOrMemory when spec.Kind == OperandKind.Memory:
                form = IcedForm.Memory;
                return null;
            case IcedOperandShape.RegisterOrMemory or IcedOperandShape.Register when spec.Kind == OperandKind.Register:
                if (op.Shape == IcedOperandShape.RegisterOrMemory)
                {
                    form = IcedForm.Register;
                }

                var widths = registerWidths(spec);
                return widths.All(w => RegisterFits(op, w))
                    ? null
                    : $"operand '{spec.Name}' names registers of {string.Join(" or ", widths.Distinct())} bits (group {spec.Group})";
            case IcedOperandShape.Memory when spec.Kind == OperandKind.Memory:
                return null;
            case IcedOperandShape.Immediate when spec.Kind == OperandKind.Immediate:
                return spec.Width == op.Width ? null : $"immediate '{spec.Name}' is {spec.Width} bits wide";
            case IcedOperandShape.Unsupported:
                return "a kind of operand the spec format has no counterpart for";
            default:
                return $"operand '{spec.Name}' is {KindWord(spec.Kind)}";
        }
    }

    // A 64-bit register contains the 32-bit one an instruction names (EAX in RAX), a 32-bit one the 16-bit
    // one; the body says what happens to the rest. Eight-bit registers are not all low parts (AH), so they
    // must match exactly, as must segment, control and debug registers.
    private static bool RegisterFits(IcedOperand op, int width)
    {
        var general = op.Kind.ToString().StartsWith('r');
        return width == op.Width || (general && op.Width is 16 or 32 && width > op.Width);
    }

    private static string KindWord(OperandKind kind) => kind switch
    {
        OperandKind.Register => "a register",
        OperandKind.Memory => "memory",
        OperandKind.Immediate => "an immediate",
        _ => "supplied by the machine",
    };

    private static string Describe(IcedOperand op) => op.Shape switch
    {
        IcedOperandShape.RegisterOrMemory => $"a {op.Width}-bit register or memory ({op})",
        IcedOperandShape.Register => $"a {op.Width}-bit register ({op})",
        IcedOperandShape.Memory => $"memory ({op})",
        IcedOperandShape.Immediate => $"a {op.Width}-bit immediate ({op})",
        _ => op.ToString(),
    };

    private static string DescribeAll(OpCodeInfo info) =>
        info.OpCount == 0 ? "none" : string.Join(", ", Enumerable.Range(0, info.OpCount).Select(i => info.GetOpKind(i).ToString()));
}
