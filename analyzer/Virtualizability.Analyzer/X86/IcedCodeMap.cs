using System.Collections.Immutable;
using Iced.Intel;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.X86;

/// <summary>One claim of a spec: the Code, the form of it the definition covers, and where the claim is written.</summary>
public sealed record IcedClaim(Code Code, IcedForm Form, InstructionDef Instruction, SourceLocation Location);

/// <summary>
/// Decoded instruction → the spec definition that claims it, built once when a spec loads. An r/m Code
/// (SLDT r32/m16) may be claimed by two definitions, one per form; which one applies is read from the
/// decoded operand, so a lookup is two array reads.
/// </summary>
public sealed class IcedCodeMap
{
    // Static fields initialize in this order: Empty needs the two before it.
    private static readonly int CodeCount = Enum.GetValues<Code>().Length;

    // Per Code, the index of its register-or-memory operand, or -1.
    private static readonly sbyte[] RmOperand = BuildRmOperands();

    public static readonly IcedCodeMap Empty = new([]);

    private readonly InstructionDef?[] _registerForm = new InstructionDef?[CodeCount];
    private readonly InstructionDef?[] _memoryForm = new InstructionDef?[CodeCount];

    public IcedCodeMap(ImmutableArray<IcedClaim> claims)
    {
        Claims = claims;
        foreach (var claim in claims)
        {
            if (claim.Form != IcedForm.Memory)
            {
                _registerForm[(int)claim.Code] = claim.Instruction;
            }

            if (claim.Form != IcedForm.Register)
            {
                _memoryForm[(int)claim.Code] = claim.Instruction;
            }
        }
    }

    public ImmutableArray<IcedClaim> Claims { get; }

    /// <summary>The definition that claims a decoded instruction, or null when no definition does.</summary>
    public InstructionDef? Find(in Instruction instruction)
    {
        var code = (int)instruction.Code;
        var rm = RmOperand[code];
        return rm >= 0 && instruction.GetOpKind(rm) == OpKind.Memory ? _memoryForm[code] : _registerForm[code];
    }

    public InstructionDef? Find(Code code, IcedForm form) =>
        form == IcedForm.Memory ? _memoryForm[(int)code] : _registerForm[(int)code];

    /// <summary>The form a decoded instruction has: whole, or the register or memory form of an r/m Code.</summary>
    public static IcedForm FormOf(in Instruction instruction)
    {
        var rm = RmOperand[(int)instruction.Code];
        return rm < 0 ? IcedForm.Whole : instruction.GetOpKind(rm) == OpKind.Memory ? IcedForm.Memory : IcedForm.Register;
    }

    private static sbyte[] BuildRmOperands()
    {
        var table = new sbyte[CodeCount];
        for (var code = 0; code < table.Length; code++)
        {
            table[code] = -1;
            var info = ((Code)code).ToOpCode();
            for (var i = 0; i < info.OpCount; i++)
            {
                if (IcedOperand.Of(info, i).Shape == IcedOperandShape.RegisterOrMemory)
                {
                    table[code] = (sbyte)i;
                    break;
                }
            }
        }

        return table;
    }
}
