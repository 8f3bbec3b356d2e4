using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// Popek and Goldberg's machine on bare metal: programs fetched at the PC, a privileged instruction in user
/// mode traps through E[0]/E[1] and the run continues in the handler, HALT stops the machine.
/// </summary>
public sealed class BareMetalRunnerTests
{
    private static readonly IsaSpec Pg74 = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "isa-specs", "pg74.yaml"));

    private static ulong Register(MachineState state, string name) => state.Registers[Pg74.FindRegister(name)!.Index];

    private static void Set(MachineState state, string name, ulong value) => state.Registers[Pg74.FindRegister(name)!.Index] = value;

    private static MachineState UserState()
    {
        var state = new ConcreteMachine(Pg74).NewState();
        Set(state, "M", 0);
        Set(state, "RL", 0);
        Set(state, "RB", 0x100);
        Set(state, "RUN", 1);
        // The new PSW in words 4-7 (E[1]): supervisor mode, P = 0x300, R = (0, 0xFFFF).
        state.Memory![4] = 1;
        state.Memory[5] = 0x300;
        state.Memory[6] = 0;
        state.Memory[7] = 0xFFFF;
        return state;
    }

    [Fact]
    public void APrivilegedInstructionInUserModeTrapsAndTheRunContinuesInTheHandler()
    {
        var state = UserState();

        // The handler at 0x300 stores A1 = 7 and halts (in supervisor mode, so HALT runs).
        var result = new BareMetalRunner(Pg74).Run(state, """
            .org 0x20
                halt            ; user mode: privilege trap
            .org 0x300
                load A1, 0x40
                halt
            """);

        Assert.Equal(RunStop.Halted, result.Stop);
        Assert.Equal(["privilege"], result.Traps.Select(t => t.Kind));
        Assert.Equal(0x20UL, result.Traps[0].Address);
        Assert.Equal(2, result.Completed);
        Assert.Equal(0UL, Register(state, "RUN"));
        Assert.Equal(1UL, Register(state, "M"));
        Assert.Equal(0x302UL, Register(state, "P"));
        // The old PSW in words 0-3 (E[0]): trap code 0 and M = 0, the trapping P, and R.
        Assert.Equal(0UL, state.Memory![0]);
        Assert.Equal(0x20UL, state.Memory[1]);
        Assert.Equal(0UL, state.Memory[2]);
        Assert.Equal(0x100UL, state.Memory[3]);
    }

    [Fact]
    public void AHaltedMachineStops()
    {
        var state = UserState();
        Set(state, "M", 1);

        var result = new BareMetalRunner(Pg74).Run(state, """
                halt
                load A0, 5      ; never reached
            """);

        Assert.Equal(RunStop.Halted, result.Stop);
        Assert.Empty(result.Traps);
        Assert.Equal(1, result.Completed);
        Assert.Equal(1UL, Register(state, "P"));
        Assert.Equal(0UL, Register(state, "A0"));
    }

    [Fact]
    public void ThePcSelectsWhatRunsNext()
    {
        var state = UserState();
        state.Memory![0x10] = 3;
        state.Memory[0x11] = 0xFFFF;

        // A0 counts down from 3 by adding -1 until it is zero; A1 counts the iterations the same way.
        var result = new BareMetalRunner(Pg74).Run(state, """
                load A0, 0x10
                load A1, 0x12
            loop:
                bz A0, done
                add A0, 0x11
                add A1, 0x11
                bz A2, loop     ; A2 is 0: always taken
            done:
                bz A2, done     ; spin until the step limit
            """, maxSteps: 40);

        Assert.Equal(RunStop.StepLimit, result.Stop);
        Assert.Equal(0UL, Register(state, "A0"));
        Assert.Equal(0xFFFDUL, Register(state, "A1"));
        Assert.Equal(40, result.Completed);
    }

    [Fact]
    public void RelocatedStorageAndAMemoryTrapThatDoubleFaults()
    {
        var state = UserState();
        Set(state, "RL", 0x1000);
        state.Memory![0x1000 + 5] = 42;
        // The trap handler's PSW has RB = 0, so its first fetch-and-load at 0x300 traps again, forever:
        // the run ends at its step limit with every trap recorded.
        state.Memory[7] = 0;

        var result = new BareMetalRunner(Pg74).Run(state, """
            .org 0
                load A0, 5
                load A1, 0x100  ; beyond the bound: memory trap
            .org 0x300
                load A2, 0
            """, maxSteps: 5);

        Assert.Equal(42UL, Register(state, "A0"));
        Assert.Equal(["memory", "memory", "memory", "memory"], result.Traps.Select(t => t.Kind));
        Assert.Equal(1UL, Register(state, "M"));
        Assert.Equal(0x300UL, Register(state, "P"));
    }

    [Fact]
    public void AnUnknownMnemonicIsAnErrorAtItsLine()
    {
        var error = Assert.Throws<AssemblyException>(() => new BareMetalRunner(Pg74).Run(UserState(), "  halt\n  jump 3\n"));

        Assert.StartsWith("program:2:3: unknown instruction 'jump'", error.Message);
    }

    [Fact]
    public void RunningOffTheProgramStopsWithTheAddress()
    {
        var state = UserState();
        Set(state, "M", 1);

        var result = new BareMetalRunner(Pg74).Run(state, "load A0, 1\n");

        Assert.Equal(RunStop.DecodeError, result.Stop);
        Assert.Contains("0x1", result.Message);
    }
}
