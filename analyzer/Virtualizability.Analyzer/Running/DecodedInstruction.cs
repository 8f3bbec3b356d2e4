using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Running;

/// <summary>
/// An effective address computed when the instruction runs: base + index * scale + displacement, the
/// registers given by index into the state (-1 for none), the sum masked to the memory's address width.
/// </summary>
public sealed record AddressMode(int Operand, int Base, int Index, int Scale, ulong Displacement);

/// <summary>
/// One instruction fetched from a program: where it is, how long it is, the spec instruction it is bound to
/// (its integer id in the concrete machine) and its operands, next_pc last. Operands that are effective
/// addresses are filled from the registers each time it runs (<see cref="Addresses"/>).
/// </summary>
public sealed class DecodedInstruction(ulong address, int length, ulong nextPc, int id, InstructionDef instruction, ulong[] operands, AddressMode[] addresses, string text)
{
    public ulong Address { get; } = address;

    /// <summary>Length in memory cells (bytes on x86).</summary>
    public int Length { get; } = length;

    public ulong NextPc { get; } = nextPc;

    public int Id { get; } = id;

    public InstructionDef Instruction { get; } = instruction;

    public ulong[] Operands { get; } = operands;

    public AddressMode[] Addresses { get; } = addresses;

    /// <summary>How the program wrote it (Iced's text for machine code, the line of an assembly text).</summary>
    public string Text { get; } = text;

    /// <summary>True when a patching VMM replaced it by a trap: it raises <see cref="ProgramRunner.PatchTrap"/> instead of running.</summary>
    public bool Patched { get; private init; }

    /// <summary>A copy that traps to the VMM instead of running (scan-and-patch); operands are its own.</summary>
    public DecodedInstruction WithPatch() =>
        new(Address, Length, NextPc, Id, Instruction, (ulong[])Operands.Clone(), Addresses, Text) { Patched = true };

    public override string ToString() => $"{Diagnostics.Hex.Format(Address)}: {Text}";
}

/// <summary>Where a program's instructions come from: machine code in memory, or an assembled listing.</summary>
public interface IProgramDecoder
{
    /// <summary>True when instructions are read from the state's memory, so writes there must drop decoded code.</summary>
    bool ReadsMemory { get; }

    /// <summary>The instruction at <paramref name="address"/>, or null with a message saying why there is none.</summary>
    DecodedInstruction? Decode(Concrete.MachineState state, ulong address, out string? error);
}
