using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>Popek and Goldberg's machine on bare metal: a privileged instruction in user mode traps through E[0]/E[1].</summary>
public sealed class BareMetalRunnerTests
{
    private static readonly IsaSpec Pg74 = SpecLoader.Load(Path.Combine(RepositoryRoot.Path, "isa-specs", "pg74.yaml"));

    private static ulong Register(MachineState state, string name) => state.Registers[Pg74.FindRegister(name)!.Index];

    private static void Set(MachineState state, string name, ulong value) => state.Registers[Pg74.FindRegister(name)!.Index] = value;

    private static MachineState UserState()
    {
        var state = new ConcreteMachine(Pg74).NewState();
        Set(state, "M", 0);
        Set(state, "P", 0x20);
        Set(state, "RL", 0x1000);
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
    public void APrivilegedInstructionInUserModeTrapsThroughTheTrapSequence()
    {
        var state = UserState();

        var result = new BareMetalRunner(Pg74).Run(state, [new GuestStep("HALT")]);

        Assert.Equal(["privilege"], result.Traps);
        Assert.Equal(1UL, Register(state, "RUN"));
        Assert.Equal(1UL, Register(state, "M"));
        Assert.Equal(0x300UL, Register(state, "P"));
        // The old PSW in words 0-3 (E[0]): trap code 0 and M = 0, the trapping P, and R.
        Assert.Equal(0UL, state.Memory![0]);
        Assert.Equal(0x20UL, state.Memory[1]);
        Assert.Equal(0x1000UL, state.Memory[2]);
        Assert.Equal(0x100UL, state.Memory[3]);
    }

    [Fact]
    public void TheSameInstructionRunsInSupervisorMode()
    {
        var state = UserState();
        Set(state, "M", 1);

        var result = new BareMetalRunner(Pg74).Run(state, [new GuestStep("HALT")]);

        Assert.Empty(result.Traps);
        Assert.Equal(1, result.Completed);
        Assert.Equal(0UL, Register(state, "RUN"));
        Assert.Equal(0x21UL, Register(state, "P"));
    }

    [Fact]
    public void RelocatedStorageAndMemoryTraps()
    {
        var state = UserState();
        state.Memory![0x1000 + 5] = 42;

        // A0 := E[5 + RL], then a load beyond the bound RB traps (memory, code 1).
        var result = new BareMetalRunner(Pg74).Run(state, [new GuestStep("LOAD", 0, 5), new GuestStep("LOAD", 1, 0x100)]);

        Assert.Equal(42UL, Register(state, "A0"));
        Assert.Equal(["memory"], result.Traps);
        Assert.Equal(0x100UL, state.Memory[0] & 0xFF00);
    }
}
