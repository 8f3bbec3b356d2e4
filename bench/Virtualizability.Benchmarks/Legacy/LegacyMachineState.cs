// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>A concrete machine state: every register's value (low bits of a ulong) and the memory.</summary>
public sealed class MachineState(ulong[] registers, SparseMemory? memory)
{
    public ulong[] Registers { get; } = registers;

    public SparseMemory? Memory { get; } = memory;

    public MachineState Clone() => new((ulong[])Registers.Clone(), Memory?.Clone());

    public bool SameAs(MachineState other) =>
        Registers.AsSpan().SequenceEqual(other.Registers)
        && (Memory is null ? other.Memory is null : other.Memory is not null && Memory.SameContents(other.Memory));
}

/// <summary>What one instruction did: the trap kind it raised (index into the spec's traps) or none.</summary>
public readonly record struct StepResult(int? Trap)
{
    public static readonly StepResult Completed = new(null);

    public bool Trapped => Trap is not null;
}
