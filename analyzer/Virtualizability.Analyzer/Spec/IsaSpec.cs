using System.Collections.Immutable;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;

namespace Virtualizability.Analyzer.Spec;

/// <summary>Popek and Goldberg's partition of the state: mode (M), control (R) and user (E, P).</summary>
public enum Role
{
    Mode,
    Control,
    User,
}

public enum Endianness
{
    Little,
    Big,
}

public sealed record FieldDef(string Name, int High, int Low, Role Role, SourceLocation Location)
{
    public int Width => High - Low + 1;
}

public sealed record RegisterDef(
    int Index,
    string Name,
    int Width,
    Role Role,
    ImmutableArray<FieldDef> Fields,
    bool IsClock,
    string? Doc,
    SourceLocation Location)
{
    public FieldDef? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The role of one bit: its field's role where a field covers it, else the register's.</summary>
    public Role RoleOfBit(int bit) => Fields.FirstOrDefault(f => f.Low <= bit && bit <= f.High)?.Role ?? Role;
}

/// <summary>
/// The memory. <see cref="Relocation"/> and <see cref="Bound"/> name P&amp;G's relocation-bounds register
/// R = (l, b) where the machine has one: a program address a is valid iff a &lt; b and names cell a + l. The
/// analyzer compares user memory through that mapping, as a program sees it.
/// </summary>
public sealed record MemoryDef(string Name, int AddressWidth, int CellWidth, Role Role, int? Relocation, int? Bound, SourceLocation Location);

public sealed record TrapKindDef(int Index, string Name, int Code, string? Doc, SourceLocation Location);

public enum OperandKind
{
    Immediate,
    Register,
    Memory,

    /// <summary>Supplied by the machine rather than decoded: next_pc, trap_code.</summary>
    Implicit,
}

/// <summary>
/// An operand. <see cref="Width"/> is the width of the operand's own value: the immediate, the address,
/// or for a register operand the index into <see cref="Registers"/>.
/// </summary>
public sealed record OperandDef(
    int Index,
    string Name,
    OperandKind Kind,
    int Width,
    string? Group,
    ImmutableArray<int> Registers,
    SourceLocation Location);

/// <summary>A mode; <see cref="WhenLocation"/> is where its condition is written (for errors about it).</summary>
public sealed record ModeDef(string Name, string Text, BoundExpr When, SourceLocation Location, SourceLocation? WhenLocation = null);

public sealed record VmmConfig(
    string GuestSupervisorMode,
    ImmutableArray<string> GuestSupervisorModeChoices,
    string GuestUserMode,
    string KeepsText,
    BoundExpr Keeps,
    SourceLocation Location,
    SourceLocation? KeepsLocation = null)
{
    /// <summary>How a VMM places a virtual state on the real machine (DESIGN.md §5); defaults where not declared.</summary>
    public VmmEmbedding Embedding { get; init; } = VmmEmbedding.Default;
}

/// <summary>
/// What the proofs need beyond Φ: the real mode for each virtual mode (unlisted virtual modes run in the
/// guest supervisor mode, the guest user mode in itself), a constraint on the real control state the VMM
/// allocates, the control elements the hardware keeps per guest (<see cref="Passthrough"/>: real = virtual;
/// every other control element is shadowed, its virtual value kept in the VMM's memory), and the memory
/// the VMM keeps for itself (a condition over the real state and the implicit operand <c>addr</c>), or,
/// where that is not modelled, the assumption the reports print instead. For hardware assistance,
/// <see cref="Controls"/> are the 1-bit control registers or fields the VMM sets (VM-execution controls) and
/// <see cref="VirtualState"/> what every virtual state satisfies (the bare machine: no controls set).
/// </summary>
public sealed record VmmEmbedding(
    ImmutableDictionary<string, string> ModeMap,
    string? AllocatesText,
    BoundExpr? Allocates,
    ImmutableArray<string> Passthrough,
    string? ReservedMemoryText,
    BoundExpr? ReservedMemory,
    string? MemoryAssumption)
{
    public static readonly VmmEmbedding Default = new(ImmutableDictionary<string, string>.Empty, null, null, [], null, null, null);

    public ImmutableArray<ControlBit> Controls { get; init; } = [];

    public string? VirtualStateText { get; init; }

    public BoundExpr? VirtualState { get; init; }
}

/// <summary>
/// A VM-execution control: a 1-bit control register (x86-32-vtx's HLT_EXITING) or a 1-bit field of one
/// (riscv64-h's HSTATUS.VTW), by the name the spec gives it in vmm.controls; <see cref="Bit"/> is its bit
/// in <see cref="Register"/>.
/// </summary>
public sealed record ControlBit(string Name, int Register, int Bit)
{
    public bool IsSetIn(IReadOnlyList<ulong> registers) => ((registers[Register] >> Bit) & 1) == 1;
}

public sealed record Claim(string Property, bool Negated, SourceLocation Location)
{
    public override string ToString() => Negated ? "not-" + Property : Property;
}

public sealed record InstructionDef(
    string Name,
    string? Mnemonic,
    ImmutableArray<string> IcedCodes,
    string? Reference,
    ImmutableArray<OperandDef> Operands,
    BoundBody Body,
    ImmutableArray<Claim> Expect,
    int? Length,
    SourceLocation Location);

public sealed record Invariant(string Text, BoundExpr Condition, SourceLocation Location);

/// <summary>A loaded, checked ISA description. Immutable; every stage downstream reads only this.</summary>
public sealed record IsaSpec(
    string Name,
    string? Description,
    string File,
    Endianness Endianness,
    ImmutableArray<RegisterDef> Registers,
    ImmutableDictionary<string, ImmutableArray<int>> RegisterGroups,
    MemoryDef? Memory,
    int? ProgramCounter,
    ImmutableArray<TrapKindDef> Traps,
    TrapEntryDef? TrapEntry,
    ImmutableArray<Invariant> Invariants,
    ImmutableArray<ModeDef> Modes,
    string SupervisorMode,
    VmmConfig Vmm,
    ImmutableArray<InstructionDef> Instructions)
{
    /// <summary>Decoded x86 instruction → the definition that claims its Iced Code (and form), built once at load.</summary>
    public X86.IcedCodeMap CodeMap { get; init; } = X86.IcedCodeMap.Empty;

    /// <summary>The condition under which the processor has stopped (`halted:`); a running program ends there.</summary>
    public BoundExpr? Halted { get; init; }

    public RegisterDef? FindRegister(string name) => Registers.FirstOrDefault(r => r.Name == name);

    public InstructionDef? FindInstruction(string name) => Instructions.FirstOrDefault(i => i.Name == name);

    public ModeDef? FindMode(string name) => Modes.FirstOrDefault(m => m.Name == name);

    public TrapKindDef? FindTrap(string name) => Traps.FirstOrDefault(t => t.Name == name);
}

public sealed record TrapEntryDef(ImmutableArray<OperandDef> Operands, BoundBody Body, SourceLocation Location);
