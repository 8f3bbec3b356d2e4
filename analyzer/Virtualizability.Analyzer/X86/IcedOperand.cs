using Iced.Intel;

namespace Virtualizability.Analyzer.X86;

/// <summary>What an operand of an Iced <see cref="Code"/> is, in the terms of the spec format's operands.</summary>
internal enum IcedOperandShape
{
    /// <summary>A general register or memory (ModRM r/m): a definition claims one of its two forms.</summary>
    RegisterOrMemory,
    Register,
    Memory,

    /// <summary>One register named by the opcode itself (EAX in IN EAX, imm8; ES in PUSH ES).</summary>
    FixedRegister,

    /// <summary>Memory addressed by the instruction's fixed registers (string instructions).</summary>
    ImplicitMemory,
    Immediate,

    /// <summary>An immediate the opcode fixes (the 1 of SHL r/m32, 1).</summary>
    FixedImmediate,
    Unsupported,
}

/// <summary>One operand of an Iced Code: its shape and the width in bits it has in the instruction's semantics.</summary>
internal readonly record struct IcedOperand(OpCodeOperandKind Kind, IcedOperandShape Shape, int Width)
{
    /// <summary>
    /// Reads Iced's own opcode description. Immediates carry the width they have after sign extension
    /// (imm8sex32 is 32 bits, a rel8 of 32-bit code too); a far pointer is selector:offset. Control and
    /// debug registers are as wide as the general registers of the code they appear in.
    /// </summary>
    public static IcedOperand Of(OpCodeInfo info, int index)
    {
        var kind = info.GetOpKind(index);
        var name = kind.ToString();
        var controlWidth = info.Mode64 && !info.Mode32 ? 64 : 32;
        return kind switch
        {
            OpCodeOperandKind.seg_reg => new(kind, IcedOperandShape.Register, 16),
            OpCodeOperandKind.cr_reg or OpCodeOperandKind.dr_reg or OpCodeOperandKind.tr_reg => new(kind, IcedOperandShape.Register, controlWidth),
            OpCodeOperandKind.al or OpCodeOperandKind.cl => new(kind, IcedOperandShape.FixedRegister, 8),
            OpCodeOperandKind.ax or OpCodeOperandKind.dx => new(kind, IcedOperandShape.FixedRegister, 16),
            OpCodeOperandKind.eax => new(kind, IcedOperandShape.FixedRegister, 32),
            OpCodeOperandKind.rax => new(kind, IcedOperandShape.FixedRegister, 64),
            OpCodeOperandKind.es or OpCodeOperandKind.cs or OpCodeOperandKind.ss or OpCodeOperandKind.ds
                or OpCodeOperandKind.fs or OpCodeOperandKind.gs => new(kind, IcedOperandShape.FixedRegister, 16),
            OpCodeOperandKind.seg_rSI or OpCodeOperandKind.es_rDI or OpCodeOperandKind.seg_rDI
                or OpCodeOperandKind.seg_rBX_al => new(kind, IcedOperandShape.ImplicitMemory, 0),
            OpCodeOperandKind.imm8_const_1 => new(kind, IcedOperandShape.FixedImmediate, 8),
            OpCodeOperandKind.imm8 => new(kind, IcedOperandShape.Immediate, 8),
            OpCodeOperandKind.imm16 => new(kind, IcedOperandShape.Immediate, 16),
            OpCodeOperandKind.imm32 => new(kind, IcedOperandShape.Immediate, 32),
            OpCodeOperandKind.imm64 => new(kind, IcedOperandShape.Immediate, 64),
            OpCodeOperandKind.imm8sex16 => new(kind, IcedOperandShape.Immediate, 16),
            OpCodeOperandKind.imm8sex32 => new(kind, IcedOperandShape.Immediate, 32),
            OpCodeOperandKind.imm8sex64 or OpCodeOperandKind.imm32sex64 => new(kind, IcedOperandShape.Immediate, 64),
            OpCodeOperandKind.br16_1 or OpCodeOperandKind.br16_2 or OpCodeOperandKind.xbegin_2 => new(kind, IcedOperandShape.Immediate, 16),
            OpCodeOperandKind.br32_1 or OpCodeOperandKind.br32_4 or OpCodeOperandKind.xbegin_4 => new(kind, IcedOperandShape.Immediate, 32),
            OpCodeOperandKind.br64_1 or OpCodeOperandKind.br64_4 => new(kind, IcedOperandShape.Immediate, 64),
            OpCodeOperandKind.farbr2_2 => new(kind, IcedOperandShape.Immediate, 32),
            OpCodeOperandKind.farbr4_2 => new(kind, IcedOperandShape.Immediate, 48),
            OpCodeOperandKind.brdisp_2 => new(kind, IcedOperandShape.Immediate, 16),
            OpCodeOperandKind.brdisp_4 => new(kind, IcedOperandShape.Immediate, 32),
            _ => ByName(kind, name),
        };
    }

    private static IcedOperand ByName(OpCodeOperandKind kind, string name)
    {
        if (name is "mem" or "sibmem" or "mem_offs" or "mem_mpx" or "mem_mib" || name.StartsWith("mem_vsib", StringComparison.Ordinal))
        {
            return new(kind, IcedOperandShape.Memory, 0);
        }

        // The general registers: r8_*, r16_*, r32_*, r64_* (the ModRM reg and rm fields, the opcode's low
        // bits, VEX.vvvv), and their r/m forms r8_or_mem ... r64_or_mem.
        var width = name.StartsWith("r8_", StringComparison.Ordinal) ? 8
            : name.StartsWith("r16_", StringComparison.Ordinal) ? 16
            : name.StartsWith("r32_", StringComparison.Ordinal) ? 32
            : name.StartsWith("r64_", StringComparison.Ordinal) ? 64
            : 0;
        if (width == 0)
        {
            return new(kind, IcedOperandShape.Unsupported, 0);
        }

        return name.EndsWith("_or_mem", StringComparison.Ordinal) || name.EndsWith("_or_mem_mpx", StringComparison.Ordinal)
            || name.EndsWith("_reg_mem", StringComparison.Ordinal)
            ? new(kind, IcedOperandShape.RegisterOrMemory, width)
            : new(kind, IcedOperandShape.Register, width);
    }

    public override string ToString() => Kind.ToString();
}
