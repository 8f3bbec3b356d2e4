// The concrete machine as it was before programs ran on it (a copy of the registers and a buffered
// memory transaction per step, a dictionary per memory cell), kept only so that ConcreteInterpreterBenchmark
// can measure the old machine beside the new one.
using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Benchmarks.Legacy;

/// <summary>Helpers that compiled bodies call for the operations that are awkward as expression trees.</summary>
public static class ConcreteRuntime
{
    /// <summary>Register operands index their group; as in the symbolic executor, a past-the-end index selects the last.</summary>
    public static ulong ReadRegisterOperand(ulong[] registers, int[] group, ulong index) =>
        registers[group[(int)Math.Min(index, (ulong)group.Length - 1)]];

    public static void WriteRegisterOperand(ulong[] registers, int[] group, ulong index, int high, int low, ulong value)
    {
        var register = group[(int)Math.Min(index, (ulong)group.Length - 1)];
        registers[register] = BitOps.Overwrite(registers[register], high, low, value);
    }
}
