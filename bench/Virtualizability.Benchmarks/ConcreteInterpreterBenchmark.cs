using BenchmarkDotNet.Attributes;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Benchmarks;

/// <summary>
/// Instructions per second of the compiled concrete interpreter on a mix of everyday x86-32 instructions,
/// the machine as it was before programs ran on it (<see cref="Legacy"/>, the baseline) beside today's:
/// <see cref="ConcreteMachine.Step"/> as the classifier calls it, and <see cref="ConcreteMachine.Execute"/>
/// by instruction id with one reused transaction per state, as a program run calls it. Operands and
/// instruction order are drawn once, so only the steps are timed.
/// </summary>
[MemoryDiagnoser]
[OperationsPerSecond]
public class ConcreteInterpreterBenchmark
{
    public const int Steps = 10_000;

    // Several machines in rotation, so that no single state's flags and stack pointer steer every step; the
    // mix pushes as often as it pops, so each machine's stack hovers around where it started.
    private const int StateCount = 64;

    private static readonly string[] Mix =
    [
        "MOV_r32_r32", "MOV_r32_imm32", "MOV_r32_m32", "MOV_m32_r32", "ADD_r32_r32", "ADD_r32_imm32",
        "SUB_r32_r32", "SUB_r32_imm32", "CMP_r32_r32", "CMP_r32_imm32", "INC_r32", "DEC_r32",
        "PUSH_r32", "POP_r32", "JE", "JNE", "JL", "JMP_rel", "CALL_rel", "RET_near",
    ];

    private ConcreteMachine _machine = null!;
    private MachineState[] _states = [];
    private MemoryTransaction[] _transactions = [];
    private int[] _ids = [];
    private Legacy.ConcreteMachine _legacy = null!;
    private Legacy.MachineState[] _legacyStates = [];
    private InstructionDef[] _instructions = [];
    private ulong[][] _operands = [];

    [GlobalSetup]
    public void Setup()
    {
        var spec = SpecLoader.Load(Path.Combine(RepositoryRoot(), "isa-specs", "x86-32.yaml"));
        _machine = new ConcreteMachine(spec);
        var random = new RandomStates(spec, seed: 1974);
        var mix = Mix.Select(name => spec.FindInstruction(name)
            ?? throw new InvalidOperationException($"x86-32.yaml has no instruction '{name}'")).ToArray();
        _states = Enumerable.Range(0, StateCount).Select(_ => random.NextState()).ToArray();
        _instructions = Enumerable.Range(0, Steps).Select(i => mix[i % mix.Length]).ToArray();
        new Random(1974).Shuffle(_instructions);
        _operands = _instructions.Select(random.NextOperands).ToArray();

        _transactions = _states.Select(s => _machine.TransactionFor(s)).ToArray();
        _ids = _instructions.Select(_machine.IdOf).ToArray();
        _legacy = new Legacy.ConcreteMachine(spec);
        _legacyStates = _states.Select(ToLegacy).ToArray();

        // Compile every body before timing starts: compilation is a one-off cost per instruction.
        foreach (var instruction in mix)
        {
            _machine.Step(_states[0].Clone(), instruction, random.NextOperands(instruction));
            _legacy.Step(ToLegacy(_states[0]), instruction, random.NextOperands(instruction));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public int LegacyStep()
    {
        var traps = 0;
        for (var i = 0; i < Steps; i++)
        {
            if (_legacy.Step(_legacyStates[i % StateCount], _instructions[i], _operands[i]).Trapped)
            {
                traps++;
            }
        }

        return traps;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int Execute()
    {
        var traps = 0;
        for (var i = 0; i < Steps; i++)
        {
            var s = i % StateCount;
            if (_machine.Execute(_states[s].Registers, _ids[i], _operands[i], _transactions[s]) >= 0)
            {
                traps++;
            }
        }

        return traps;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int Step()
    {
        var traps = 0;
        for (var i = 0; i < Steps; i++)
        {
            if (_machine.Step(_states[i % StateCount], _instructions[i], _operands[i]).Trapped)
            {
                traps++;
            }
        }

        return traps;
    }

    private static Legacy.MachineState ToLegacy(MachineState state)
    {
        var memory = new Legacy.SparseMemory(state.Memory!.AddressWidth, state.Memory.CellWidth, state.Memory.DefaultCell);
        foreach (var (address, value) in state.Memory.Cells)
        {
            memory[address] = value;
        }

        return new Legacy.MachineState((ulong[])state.Registers.Clone(), memory);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Virtualizability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find Virtualizability.sln above " + AppContext.BaseDirectory);
    }
}
