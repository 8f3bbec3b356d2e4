using Iced.Intel;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.X86;
using Virtualizability.Tests.Shared;
using static Iced.Intel.AssemblerRegisters;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// x86-32 machine code assembled with Iced's assembler, loaded into memory and run on the bare machine:
/// operands bound through the spec's Code map, effective addresses computed at run time, self-modifying
/// code re-decoded, and bytes no definition claims stopping the run with address, bytes and text.
/// </summary>
public sealed class X86ProgramTests
{
    private const ulong Origin = 0x1000;

    private static readonly IsaSpec X86 = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "isa-specs", "x86-32.yaml"));

    private static ulong Register(MachineState state, string name) => state.Registers[X86.FindRegister(name)!.Index];

    private static (RunOutcome Outcome, MachineState State) Run(Action<Assembler> program, long maxSteps = 10_000, Action<MachineState>? setup = null)
    {
        var assembler = new Assembler(32);
        program(assembler);
        var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), Origin);
        var runner = new BareMetalRunner(X86);
        var state = runner.Machine.NewState();
        var bytes = stream.ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            state.Memory![Origin + (ulong)i] = bytes[i];
        }

        state.Registers[X86.FindRegister("EIP")!.Index] = Origin;
        state.Registers[X86.FindRegister("ESP")!.Index] = 0x8000;
        state.Registers[X86.FindRegister("RUN")!.Index] = 1;
        setup?.Invoke(state);
        return (runner.Run(state, new X86Program(runner.Machine), maxSteps), state);
    }

    [Fact]
    public void ALoopRunsToHlt()
    {
        var (outcome, state) = Run(a =>
        {
            var loop = a.CreateLabel();
            a.mov(eax, 0);
            a.mov(ecx, 10);
            a.Label(ref loop);
            a.add(eax, ecx);
            a.dec(ecx);
            a.jne(loop);
            a.hlt();
        });

        Assert.Equal(RunStop.Halted, outcome.Stop);
        Assert.Equal(55UL, Register(state, "EAX"));
        Assert.Equal(2 + 30 + 1, outcome.Completed);
    }

    [Fact]
    public void MemoryOperandsUseBaseIndexScaleAndDisplacementAtRunTime()
    {
        var (outcome, state) = Run(a =>
        {
            a.mov(ebx, 0x2000);
            a.mov(esi, 3);
            a.mov(__dword_ptr[ebx + esi * 4 + 8], 0x1234);   // 0x2014
            a.mov(eax, __dword_ptr[ebx + 0x14]);
            a.push(-2);                                       // imm8 sign-extended to 32 bits
            a.pop(edx);
            a.hlt();
        });

        Assert.Equal(RunStop.Halted, outcome.Stop);
        Assert.Equal(0x1234UL, Register(state, "EAX"));
        Assert.Equal(0xFFFF_FFFEUL, Register(state, "EDX"));
        Assert.Equal(0x34UL, state.Memory![0x2014]);
    }

    [Fact]
    public void ACallAndReturnFollowThePc()
    {
        var (outcome, state) = Run(a =>
        {
            var function = a.CreateLabel();
            var end = a.CreateLabel();
            a.call(function);
            a.jmp(end);
            a.Label(ref function);
            a.mov(edi, 7);
            a.ret();
            a.Label(ref end);
            a.hlt();
        });

        Assert.Equal(RunStop.Halted, outcome.Stop);
        Assert.Equal(7UL, Register(state, "EDI"));
        Assert.Equal(0x8000UL, Register(state, "ESP"));
    }

    [Fact]
    public void CodeThatRewritesItselfRunsAsWritten()
    {
        // The 10-byte store patches the immediate of the MOV that follows it in the same decoded block.
        var (outcome, state) = Run(a =>
        {
            a.mov(__dword_ptr[Origin + 10 + 1], 42);
            a.mov(eax, 7);
            a.hlt();
        });

        Assert.Equal(RunStop.Halted, outcome.Stop);
        Assert.Equal(42UL, Register(state, "EAX"));
    }

    [Fact]
    public void UnclaimedBytesStopTheRunWithAddressBytesAndText()
    {
        var (outcome, _) = Run(a =>
        {
            a.nop();
            a.imul(eax, ebx);
            a.hlt();
        });

        Assert.Equal(RunStop.DecodeError, outcome.Stop);
        Assert.Equal("0x1001: 0fafc3 imul eax,ebx: no definition of x86-32 claims Iced Code Imul_r32_rm32 (register form)", outcome.Message);
    }

    [Fact]
    public void AFaultIsDeliveredThroughTheIdtAndTheRunContinuesInTheHandler()
    {
        var (outcome, state) = Run(
            a =>
            {
                a.mov(ecx, 0x99);   // 5 bytes: an MSR the spec does not model, so RDMSR raises #GP at CPL 0
                a.rdmsr();          // 2 bytes
                a.hlt();            // the handler, at Origin + 7
            },
            setup: s =>
            {
                // IDT at 0x3000; gate 13 is an interrupt gate to selector 8, offset Origin + 7.
                s.Registers[X86.FindRegister("IDTR")!.Index] = (0x3000UL << 16) | 0xFFFF;
                Write32(s, 0x3000 + 13 * 8, (8U << 16) | (uint)(Origin + 7));
                Write32(s, 0x3000 + 13 * 8 + 4, 0x0000_8E00);
            });

        Assert.Equal(RunStop.Halted, outcome.Stop);
        Assert.Equal([("GP", Origin + 5)], outcome.Traps.Select(t => (t.Kind, t.Address)));
        Assert.Equal(Origin + 8, Register(state, "EIP"));
        Assert.Equal(8UL, Register(state, "CS"));
        // EFLAGS, CS, EIP of the RDMSR and the error code: four doublewords below the old stack top.
        Assert.Equal(0x8000UL - 16, Register(state, "ESP"));
        Assert.Equal(Origin + 5, Read32(state, 0x8000 - 12));
    }

    private static ulong Read32(MachineState state, ulong address) =>
        Enumerable.Range(0, 4).Aggregate(0UL, (v, i) => v | (state.Memory![address + (ulong)i] << (8 * i)));

    private static void Write32(MachineState state, ulong address, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            state.Memory![address + (ulong)i] = (value >> (8 * i)) & 0xFF;
        }
    }
}
