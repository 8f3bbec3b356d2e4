using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Tests.Concrete;

/// <summary>
/// The compiled concrete machine on a small spec written for these tests: precise traps, partial writes,
/// byte order, SMT-LIB shift semantics, signed comparison and extension, each on values chosen to tell the
/// right answer from the plausible wrong ones.
/// </summary>
public sealed class ConcreteMachineTests
{
    private const ulong NextPc = 0x0102;

    private const string Calc = """
        isa: calc
        state:
          - { name: M, width: 1, role: mode }
          - { name: PC, width: 16, role: user }
          - name: F
            width: 8
            role: user
            fields: { Z: { bits: 0 }, S: { bits: 1 }, U: { bits: 2 }, HI: { bits: "7:4" } }
          - { name: A, width: 16, role: user }
          - { name: B, width: 16, role: user }
          - { name: W, width: 64, role: user }
          - { name: SAVED, width: 16, role: control }
        register_groups: { gpr: [A, B] }
        memory: { name: mem, address_width: 16, cell_width: 8, role: user }
        pc: PC
        traps: { privilege: { code: 5 }, memory: { code: 1 } }
        trap_entry: "SAVED := PC; M := 1; PC := zext(trap_code, 16);"
        modes: [{ name: supervisor, when: "M == 1" }, { name: user, when: "M == 0" }]
        supervisor_mode: supervisor
        vmm: { guest_supervisor_mode: user, guest_user_mode: user }
        instructions:
          - { name: SHL, operands: [{ name: k, kind: imm, width: 16 }], body: "A := A << k;" }
          - { name: SHR, operands: [{ name: k, kind: imm, width: 16 }], body: "A := A >> k;" }
          - { name: SAR, operands: [{ name: k, kind: imm, width: 16 }], body: "A := A >>s k;" }
          - { name: SHL64, operands: [{ name: k, kind: imm, width: 64 }], body: "W := W << k;" }
          - { name: SHR64, operands: [{ name: k, kind: imm, width: 64 }], body: "W := W >> k;" }
          - { name: CMP, body: "F.S := A <s B; F.U := A < B; F.Z := A >=s B;" }
          - { name: EXT, operands: [{ name: k, kind: imm, width: 8 }], body: "A := sext(k, 16); B := zext(k, 16); W := sext(A, 64);" }
          - { name: SETHI, operands: [{ name: k, kind: imm, width: 4 }], body: "F.HI := k;" }
          - { name: SETMID, operands: [{ name: k, kind: imm, width: 8 }], body: "A[11:4] := k;" }
          - { name: SETLO, operands: [{ name: r, kind: reg, group: gpr }, { name: k, kind: imm, width: 8 }], body: "r[7:0] := k;" }
          - { name: STORE, operands: [{ name: a, kind: mem }], body: "mem16[a] := A;" }
          - { name: STORE64, operands: [{ name: a, kind: mem }], body: "mem64[a] := W;" }
          - { name: LOAD, operands: [{ name: r, kind: reg, group: gpr }, { name: a, kind: mem }], body: "r := mem16[a];" }
          - { name: RMW, operands: [{ name: a, kind: mem }], body: "mem[a] := 8'h77; A := zext(mem[a], 16);" }
          - { name: JZ, operands: [{ name: k, kind: imm, width: 16 }], body: "if F.Z == 1 { PC := next_pc + k; }" }
          - { name: MUL, body: "A := A * B; B := -B;" }
          - name: PRIV
            operands: [{ name: a, kind: mem }]
            body: |
              mem16[a] := A;
              A := 16'hDEAD;
              F.Z := 1;
              PC := 16'h4000;
              if M == 0 { trap privilege; }
        """;

    private static readonly (IsaSpec Little, IsaSpec Big) Specs = LoadSpecs();

    [Fact]
    public void PreciseTrapLeavesStateUnchanged()
    {
        var (machine, state) = Start(Specs.Little, ("M", 0), ("A", 0x1234), ("PC", 0x0100), ("F", 0xA4));
        var before = state.Clone();

        var result = Step(machine, state, "PRIV", 0x20);

        Assert.Equal(Specs.Little.FindTrap("privilege")!.Index, result.Trap);
        Assert.True(state.SameAs(before));
        Assert.Equal((0UL, 0UL), (state.Memory![0x20], state.Memory[0x21]));
        Assert.Equal(0x0100UL, Get(state, "PC"));
    }

    [Fact]
    public void TheSameBodyWithoutTheTrapTakesEffect()
    {
        var (machine, state) = Start(Specs.Little, ("M", 1), ("A", 0x1234), ("PC", 0x0100), ("F", 0xA4));

        var result = Step(machine, state, "PRIV", 0x20);

        Assert.False(result.Trapped);
        Assert.Equal((0x34UL, 0x12UL), (state.Memory![0x20], state.Memory[0x21]));
        Assert.Equal((0xDEADUL, 0xA5UL, 0x4000UL), (Get(state, "A"), Get(state, "F"), Get(state, "PC")));
    }

    [Fact]
    public void DeliveringATrapRunsTheTrapEntry()
    {
        var (machine, state) = Start(Specs.Little, ("M", 0), ("PC", 0x0100));
        var trap = Step(machine, state, "PRIV", 0x20).Trap!.Value;

        machine.DeliverTrap(state, trap);

        Assert.Equal((0x0100UL, 1UL, 5UL), (Get(state, "SAVED"), Get(state, "M"), Get(state, "PC")));
    }

    [Theory]
    [InlineData("SETHI", 0xA5UL, 0x3UL, 0x35UL)]
    [InlineData("SETHI", 0x0FUL, 0xFUL, 0xFFUL)]
    [InlineData("SETHI", 0xFFUL, 0x0UL, 0x0FUL)]
    [InlineData("SETMID", 0x1234UL, 0xABUL, 0x1AB4UL)]
    [InlineData("SETMID", 0xFFFFUL, 0x00UL, 0xF00FUL)]
    public void PartialWritesKeepTheOtherBits(string instruction, ulong before, ulong k, ulong after)
    {
        var register = instruction == "SETHI" ? "F" : "A";
        var (machine, state) = Start(Specs.Little, (register, before), ("B", 0x5555));

        Step(machine, state, instruction, k);

        Assert.Equal((after, 0x5555UL), (Get(state, register), Get(state, "B")));
    }

    [Fact]
    public void RegisterOperandSliceWritesOnlyTheSelectedRegister()
    {
        var (machine, state) = Start(Specs.Little, ("A", 0x5678), ("B", 0x1234));

        Step(machine, state, "SETLO", 1, 0xCD);

        Assert.Equal((0x5678UL, 0x12CDUL), (Get(state, "A"), Get(state, "B")));
    }

    [Theory]
    [InlineData(false, 0x0010UL, 0x0010UL, 0x0011UL)]
    [InlineData(true, 0x0010UL, 0x0011UL, 0x0010UL)]
    [InlineData(false, 0xFFFFUL, 0xFFFFUL, 0x0000UL)]
    public void MemoryByteOrderFollowsTheSpec(bool bigEndian, ulong address, ulong lowByteAt, ulong highByteAt)
    {
        var (machine, state) = Start(bigEndian ? Specs.Big : Specs.Little, ("A", 0x1234));

        Step(machine, state, "STORE", address);

        Assert.Equal((0x34UL, 0x12UL), (state.Memory![lowByteAt], state.Memory[highByteAt]));
        Step(machine, state, "LOAD", 1, address);
        Assert.Equal(0x1234UL, Get(state, "B"));
    }

    [Theory]
    [InlineData(false, new ulong[] { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 })]
    [InlineData(true, new ulong[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 })]
    public void SixtyFourBitStoresSpanEightCells(bool bigEndian, ulong[] cells)
    {
        var (machine, state) = Start(bigEndian ? Specs.Big : Specs.Little, ("W", 0x0102030405060708));

        Step(machine, state, "STORE64", 0x40);

        Assert.Equal(cells, Enumerable.Range(0x40, 8).Select(a => state.Memory![(ulong)a]));
    }

    [Theory]
    [InlineData("SHL", "A", 0x8001UL, 1UL, 0x0002UL)]
    [InlineData("SHL", "A", 0x8001UL, 15UL, 0x8000UL)]
    [InlineData("SHL", "A", 0x8001UL, 16UL, 0UL)]
    [InlineData("SHL", "A", 0x8001UL, 0xFFFFUL, 0UL)]
    [InlineData("SHR", "A", 0x8001UL, 15UL, 1UL)]
    [InlineData("SHR", "A", 0x8001UL, 16UL, 0UL)]
    [InlineData("SHR", "A", 0x8001UL, 17UL, 0UL)]
    [InlineData("SAR", "A", 0x8001UL, 1UL, 0xC000UL)]
    [InlineData("SAR", "A", 0x8001UL, 16UL, 0xFFFFUL)]
    [InlineData("SAR", "A", 0x8001UL, 0xFFFFUL, 0xFFFFUL)]
    [InlineData("SAR", "A", 0x4001UL, 16UL, 0UL)]
    [InlineData("SHL64", "W", 1UL, 63UL, 0x8000_0000_0000_0000UL)]
    [InlineData("SHL64", "W", 1UL, 64UL, 0UL)]
    [InlineData("SHL64", "W", 1UL, 65UL, 0UL)]
    [InlineData("SHR64", "W", ulong.MaxValue, 64UL, 0UL)]
    [InlineData("SHR64", "W", ulong.MaxValue, 0x8000_0000_0000_0000UL, 0UL)]
    [InlineData("SHR64", "W", ulong.MaxValue, 63UL, 1UL)]
    public void ShiftsByTheWidthOrMoreFollowSmtLib(string instruction, string register, ulong value, ulong amount, ulong expected)
    {
        var (machine, state) = Start(Specs.Little, (register, value));

        Step(machine, state, instruction, amount);

        Assert.Equal(expected, Get(state, register));
    }

    [Theory]
    [InlineData(0xFFFFUL, 0x0001UL, 1UL, 0UL)]
    [InlineData(0x0001UL, 0xFFFFUL, 0UL, 1UL)]
    [InlineData(0x8000UL, 0x7FFFUL, 1UL, 0UL)]
    [InlineData(0x7FFFUL, 0x8000UL, 0UL, 1UL)]
    [InlineData(0xFFFEUL, 0xFFFFUL, 1UL, 1UL)]
    [InlineData(0x0005UL, 0x0005UL, 0UL, 0UL)]
    public void SignedAndUnsignedComparisonsDiffer(ulong a, ulong b, ulong signedLess, ulong unsignedLess)
    {
        var (machine, state) = Start(Specs.Little, ("A", a), ("B", b), ("F", 0xF0));

        Step(machine, state, "CMP");

        // Z holds A >=s B, which must be the negation of A <s B.
        Assert.Equal(0xF0UL | (1 - signedLess) | (signedLess << 1) | (unsignedLess << 2), Get(state, "F"));
    }

    [Theory]
    [InlineData(0x80UL, 0xFF80UL, 0x0080UL, 0xFFFF_FFFF_FFFF_FF80UL)]
    [InlineData(0x7FUL, 0x007FUL, 0x007FUL, 0x7FUL)]
    [InlineData(0xFFUL, 0xFFFFUL, 0x00FFUL, ulong.MaxValue)]
    [InlineData(0x00UL, 0x0000UL, 0x0000UL, 0UL)]
    public void SignExtensionCopiesTheSignBit(ulong k, ulong a, ulong b, ulong w)
    {
        var (machine, state) = Start(Specs.Little, ("A", 0x1111), ("B", 0x2222), ("W", 0x3333));

        Step(machine, state, "EXT", k);

        Assert.Equal((a, b, w), (Get(state, "A"), Get(state, "B"), Get(state, "W")));
    }

    [Fact]
    public void ReadsSeeTheInstructionsOwnEarlierWrites()
    {
        var (machine, state) = Start(Specs.Little);

        Step(machine, state, "RMW", 0x30);

        Assert.Equal((0x77UL, 0x77UL), (Get(state, "A"), state.Memory![0x30]));
    }

    [Theory]
    [InlineData(0UL, 0x0020UL, NextPc)]
    [InlineData(1UL, 0x0020UL, NextPc + 0x20)]
    [InlineData(1UL, 0xFFFEUL, NextPc - 2)]
    public void BodiesFallThroughToNextPc(ulong zero, ulong offset, ulong pc)
    {
        var (machine, state) = Start(Specs.Little, ("PC", 0x0100), ("F", zero));

        Step(machine, state, "JZ", offset);

        Assert.Equal(pc, Get(state, "PC"));
    }

    [Fact]
    public void ArithmeticWrapsAtTheRegisterWidth()
    {
        var (machine, state) = Start(Specs.Little, ("A", 0x0180), ("B", 0x0100));

        Step(machine, state, "MUL");

        Assert.Equal((0x8000UL, 0xFF00UL), (Get(state, "A"), Get(state, "B")));
    }

    private static (ConcreteMachine Machine, MachineState State) Start(IsaSpec spec, params (string Register, ulong Value)[] values)
    {
        var machine = new ConcreteMachine(spec);
        var state = machine.NewState();
        foreach (var (register, value) in values)
        {
            state.Registers[spec.FindRegister(register)!.Index] = value;
        }

        return (machine, state);
    }

    private static StepResult Step(ConcreteMachine machine, MachineState state, string name, params ulong[] operands)
    {
        var instruction = machine.Spec.FindInstruction(name)!;
        return machine.Step(state, instruction, [.. operands, NextPc]);
    }

    private static ulong Get(MachineState state, string register) =>
        state.Registers[Specs.Little.FindRegister(register)!.Index];

    private static (IsaSpec, IsaSpec) LoadSpecs()
    {
        var folder = Directory.CreateTempSubdirectory("virt-concrete-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "calc.yaml"), Calc);
            File.WriteAllText(Path.Combine(folder.FullName, "calc-big.yaml"), "isa: calc-big\nextends: calc.yaml\nendian: big\n");
            return (SpecLoader.Load(Path.Combine(folder.FullName, "calc.yaml")), SpecLoader.Load(Path.Combine(folder.FullName, "calc-big.yaml")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
