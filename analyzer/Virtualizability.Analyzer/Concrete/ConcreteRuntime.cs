namespace Virtualizability.Analyzer.Concrete;

/// <summary>Helpers that compiled bodies call for the operations that are awkward as expression trees.</summary>
public static class ConcreteRuntime
{
    /// <summary>Register operands index their group; as in the symbolic executor, a past-the-end index selects the last.</summary>
    public static ulong ReadRegisterOperand(ulong[] registers, int[] group, ulong index) =>
        registers[group[(int)Math.Min(index, (ulong)group.Length - 1)]];

    /// <summary>Writes bits high..low of the selected register; with <paramref name="log"/>, records its old value first.</summary>
    public static void WriteRegisterOperand(ulong[] registers, int[] group, ulong index, int high, int low, ulong value, MemoryTransaction? log)
    {
        var register = group[(int)Math.Min(index, (ulong)group.Length - 1)];
        log?.SaveRegister(registers, register);
        registers[register] = BitOps.Overwrite(registers[register], high, low, value);
    }
}
