using System.Collections.Concurrent;
using Iced.Intel;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.X86;

/// <summary>
/// x86 machine code in the state's memory, decoded with Iced at the PC and bound to the spec definition
/// that claims its <see cref="Code"/> and form (<see cref="IsaSpec.CodeMap"/>), operands included: a register
/// as its index in the operand's group (a 16-bit register names the group's register that contains it), an
/// immediate with the sign extension Iced applied, a relative branch as its displacement from next_pc, a far
/// pointer as selector above offset, and a memory operand as an effective address computed each time the
/// instruction runs from Iced's base, index, scale and displacement. Segmentation is flat, as the x86 specs
/// model it (no segment base is added). Bytes no definition claims stop the run with the address, the bytes
/// and Iced's text.
/// </summary>
public sealed class X86Program : IProgramDecoder
{
    private const int MaxInstructionLength = 15;
    private const int Unknown = -2;

    private readonly ConcreteMachine _machine;
    private readonly IsaSpec _spec;
    private readonly int _bitness;
    private readonly Dictionary<Register, int> _registers = new();
    private readonly ConcurrentDictionary<(Code, InstructionDef), int[]> _bindings = new();

    public X86Program(ConcreteMachine machine)
    {
        (_machine, _spec) = (machine, machine.Spec);
        _bitness = _spec.ProgramCounter is { } pc ? _spec.Registers[pc].Width : 0;
        if (_bitness is not (16 or 32 or 64) || _spec.Memory is not { CellWidth: 8 })
        {
            throw new ArgumentException($"{_spec.Name} does not describe x86 machine code: it needs a pc of 16, 32 or 64 bits and memory of bytes");
        }

        foreach (var register in _spec.Registers)
        {
            if (Enum.TryParse<Register>(register.Name, ignoreCase: true, out var iced))
            {
                _registers[iced] = register.Index;
            }
        }
    }

    public bool ReadsMemory => true;

    public DecodedInstruction? Decode(MachineState state, ulong address, out string? error)
    {
        var bytes = new byte[MaxInstructionLength];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)state.Memory![address + (ulong)i];
        }

        return Decode(bytes, address, out error);
    }

    /// <summary>
    /// The instruction <paramref name="bytes"/> hold when they stand at <paramref name="address"/>: what a
    /// statically patched guest had there before its patch, read back from the patch's side table.
    /// </summary>
    public DecodedInstruction? Decode(byte[] bytes, ulong address, out string? error)
    {
        var decoder = Decoder.Create(_bitness, new ByteArrayCodeReader(bytes), address);
        decoder.Decode(out var instruction);
        var shown = $"{Hex.Format(address)}: {Convert.ToHexString(bytes, 0, Math.Max(instruction.Length, 1)).ToLowerInvariant()}";
        if (instruction.IsInvalid)
        {
            error = $"{shown}: not a valid {_bitness}-bit instruction";
            return null;
        }

        var definition = _spec.CodeMap.Find(instruction);
        if (definition is null)
        {
            var form = IcedCodeMap.FormOf(instruction) switch { IcedForm.Register => " (register form)", IcedForm.Memory => " (memory form)", _ => "" };
            error = $"{shown} {instruction}: no definition of {_spec.Name} claims Iced Code {instruction.Code}{form}";
            return null;
        }

        return Bind(instruction, definition, shown, out error);
    }

    private DecodedInstruction? Bind(in Instruction instruction, InstructionDef definition, string shown, out string? error)
    {
        error = null;
        var binding = _bindings.GetOrAdd((instruction.Code, definition), key => IcedCodeFit.Bind(key.Item1, key.Item2.Operands, o => o.Registers.Select(r => _spec.Registers[r].Width).ToList()));
        var operands = new ulong[definition.Operands.Length];
        var addresses = new List<AddressMode>();
        for (var i = 0; i < binding.Length; i++)
        {
            if (binding[i] < 0)
            {
                continue;
            }

            var operand = definition.Operands[binding[i]];
            if (instruction.GetOpKind(i) == OpKind.Memory && operand.Kind == OperandKind.Memory)
            {
                if (Address(instruction, operand.Index) is not { } mode)
                {
                    error = $"{shown} {instruction}: {_spec.Name} has no register for its address";
                    return null;
                }

                addresses.Add(mode);
            }
            else if (Value(instruction, i, operand) is { } value)
            {
                operands[operand.Index] = value;
            }
            else
            {
                error = $"{shown} {instruction}: operand {i + 1} ({instruction.GetOpKind(i)}) does not fit operand '{operand.Name}' of {definition.Name}";
                return null;
            }
        }

        if (definition.Operands.Length > 0 && definition.Operands[^1].Kind == OperandKind.Implicit)
        {
            operands[^1] = instruction.NextIP;
        }

        return new DecodedInstruction(instruction.IP, instruction.Length, instruction.NextIP, _machine.IdOf(definition), definition, operands, [.. addresses], instruction.ToString());
    }

    // The value of Iced operand i for a definition's operand, or null where it does not fit.
    private ulong? Value(in Instruction instruction, int i, OperandDef operand)
    {
        var mask = BitOps.Mask(operand.Width);
        switch (instruction.GetOpKind(i))
        {
            case OpKind.Register:
                var index = RegisterIndex(instruction.GetOpRegister(i), operand);
                return index < 0 ? null : (ulong)index;
            case OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32 or OpKind.Immediate64
                or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 or OpKind.Immediate32to64 or OpKind.Immediate8_2nd:
                return instruction.GetImmediate(i) & mask;
            case OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64:
                return (instruction.NearBranchTarget - instruction.NextIP) & mask;
            case OpKind.FarBranch16:
                return (((ulong)instruction.FarBranchSelector << 16) | instruction.FarBranch16) & mask;
            case OpKind.FarBranch32:
                return (((ulong)instruction.FarBranchSelector << 32) | instruction.FarBranch32) & mask;
            default:
                return null;
        }
    }

    private AddressMode? Address(in Instruction instruction, int operand)
    {
        // An IP-relative operand's displacement is already the absolute address.
        var ipRelative = instruction.IsIPRelativeMemoryOperand;
        var baseRegister = ipRelative ? -1 : SpecRegister(instruction.MemoryBase);
        var index = SpecRegister(instruction.MemoryIndex);
        var displacement = ipRelative ? instruction.IPRelativeMemoryAddress : instruction.MemoryDisplacement64;
        if (baseRegister == Unknown || index == Unknown)
        {
            return null;
        }

        return new AddressMode(operand, baseRegister, index, instruction.MemoryIndexScale, displacement);
    }

    private int SpecRegister(Register register)
    {
        if (register == Register.None)
        {
            return -1;
        }

        return _registers.TryGetValue(register, out var index) || _registers.TryGetValue(register.GetFullRegister32(), out index)
            || _registers.TryGetValue(register.GetFullRegister(), out index)
            ? index
            : Unknown;
    }

    // A register's index in the operand's group: the register itself, or the group's wider general
    // register that contains it (AX in EAX, EAX in RAX).
    private int RegisterIndex(Register register, OperandDef operand)
    {
        foreach (var candidate in new[] { register, register.GetFullRegister32(), register.GetFullRegister() })
        {
            if (_registers.TryGetValue(candidate, out var index) && operand.Registers.IndexOf(index) is var position and >= 0)
            {
                return position;
            }
        }

        return -1;
    }
}
