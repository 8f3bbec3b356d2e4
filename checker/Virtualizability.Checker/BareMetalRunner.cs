using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker;

/// <summary>
/// Runs a guest program on the bare concrete machine, as the hardware would: instructions are fetched at
/// the PC, a trap is delivered through the spec's trap_entry and the run continues where it leads, and the
/// run ends when the machine halts. The reference VMMs run the same programs on the same machine, so
/// their end states can be compared with this one.
/// </summary>
public sealed class BareMetalRunner(IsaSpec spec)
{
    public const long DefaultStepLimit = 10_000_000;

    public ConcreteMachine Machine { get; } = new(spec);

    /// <summary>Runs <paramref name="program"/> on <paramref name="state"/> from its PC.</summary>
    public RunOutcome Run(MachineState state, IProgramDecoder program, long maxSteps = DefaultStepLimit) =>
        new ProgramRunner(Machine, state, program).Run(maxSteps);

    /// <summary>Assembles a program in the spec's mnemonics, starts it at its first instruction and runs it.</summary>
    public RunOutcome Run(MachineState state, string assembly, long maxSteps = DefaultStepLimit)
    {
        var program = AssemblyProgram.Assemble(Machine, assembly);
        state.Registers[spec.ProgramCounter!.Value] = program.Start;
        return Run(state, program, maxSteps);
    }
}
