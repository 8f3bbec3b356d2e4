using System.Collections.Immutable;
using System.Text;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.X86;

namespace Virtualizability.Checker.Guests;

/// <summary>A guest's program or manifest that cannot be used, with file:line:column where there is one.</summary>
public sealed class GuestException(string message) : Exception(message);

/// <summary>
/// A virtual timer: after every <see cref="Period"/> guest steps the guest is interrupted with <see cref="Vector"/>
/// through its own trap sequence, when <see cref="Enabled"/> holds in the state the guest sees (under a VMM the
/// virtual state: the guest's virtual interrupt flag, never the real one).
/// </summary>
public sealed record VirtualTimer(long Period, ulong Vector, BoundExpr Enabled, string EnabledText);

/// <summary>Where a guest writes what it has to say: a NUL-terminated text of one character a cell.</summary>
public sealed record GuestOutput(ulong Address, int Length)
{
    public string Read(MachineState state)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Length; i++)
        {
            var cell = state.Memory![Address + (ulong)i];
            if (cell == 0)
            {
                break;
            }

            text.Append(cell is >= 0x20 and < 0x7F ? (char)cell : '?');
        }

        return text.ToString();
    }
}

/// <summary>A guest program with its start state and how it is to be run (from its manifest, or the defaults).</summary>
public sealed class Guest
{
    public const long DefaultSteps = 1_000_000;

    private readonly Func<IProgramDecoder> _program;

    public Guest(string name, ConcreteMachine machine, MachineState start, Func<IProgramDecoder> program)
    {
        (Name, Machine, Start, _program) = (name, machine, start, program);
    }

    public string Name { get; }

    public ConcreteMachine Machine { get; }

    public IsaSpec Spec => Machine.Spec;

    /// <summary>The start state; every run starts from a copy.</summary>
    public MachineState Start { get; }

    public long Steps { get; init; } = DefaultSteps;

    /// <summary>The same guest with another step limit.</summary>
    public Guest WithSteps(long steps) => new(Name, Machine, Start, _program) { Steps = steps, Timer = Timer, Output = Output, Allocate = Allocate };

    public VirtualTimer? Timer { get; init; }

    public GuestOutput? Output { get; init; }

    /// <summary>Real control values the manifest asks the VMM for (<c>vmm: allocate:</c>).</summary>
    public ImmutableArray<StateAssignment> Allocate { get; init; } = [];

    /// <summary>A fresh decoder for one run (a patching VMM translates its own copy of the program).</summary>
    public IProgramDecoder NewProgram() => _program();

    /// <summary>Machine code in memory (x86 specs) from a flat binary loaded at <paramref name="origin"/>.</summary>
    internal static Func<IProgramDecoder> MachineCode(ConcreteMachine machine, MachineState state, byte[] bytes, ulong origin)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            state.Memory![origin + (ulong)i] = bytes[i];
        }

        return () => new X86Program(machine);
    }

    /// <summary>An assembly text in the spec's mnemonics; its listing is the program.</summary>
    internal static Func<IProgramDecoder> AssemblyText(ConcreteMachine machine, string text, string file, out ulong start)
    {
        try
        {
            var program = AssemblyProgram.Assemble(machine, text, file);
            start = program.Start;
            return () => AssemblyProgram.Assemble(machine, text, file);
        }
        catch (AssemblyException e)
        {
            throw new GuestException(e.Message);
        }
    }
}
