using BenchmarkDotNet.Attributes;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Benchmarks;

/// <summary>
/// The reference VMMs on x86-32 guests from checker/guests: guest instructions per second for the ring-3
/// arithmetic loop on bare metal and under each VMM (<c>OperationsPerInvoke</c> is the step count, so
/// <c>Op/s</c> is guest instructions per second); the cost of one trap-and-emulate round trip (the
/// CR3/LGDT reload loop, per trap: 300 traps and 301 direct instructions); and the cost of scanning and
/// patching one block (the PUSHF/CLI/POPF loop body, 9 instructions, 3 of them patched). The hardware VMM
/// runs the same guests on x86-32-vtx: the arithmetic loop, and the reload loop with CR3-load and
/// descriptor-table exiting, per VM exit (201 exits: 200 reloads and the HLT). The allocator's Z3 call
/// happens in the setup, not in the timed part.
/// </summary>
[MemoryDiagnoser]
public class VmmBenchmark
{
    private const int LoopSteps = 2_000_000;
    private const int ReloadTraps = 300;
    private const int ReloadExits = 201;

    private IsaSpec _spec = null!;
    private Guest _userLoop = null!;
    private Guest _reloadLoop = null!;
    private Guest _popf = null!;
    private VmmOptions _patched = null!;
    private Guest _vtxUserLoop = null!;
    private Guest _vtxReloadLoop = null!;
    private VmmOptions _hardware = null!;
    private IGuestRunner _runner = null!;
    private ReferenceVmm _scanner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _spec = SpecLoader.Load(Path.Combine(ConcreteInterpreterBenchmark.RepositoryRoot(), "isa-specs", "x86-32.yaml"));
        var machine = new ConcreteMachine(_spec);
        var guests = Path.Combine(ConcreteInterpreterBenchmark.RepositoryRoot(), "checker", "guests");
        _userLoop = GuestLoader.Load(machine, Path.Combine(guests, "user-loop.guest.yaml")).WithSteps(LoopSteps + 1);
        _reloadLoop = GuestLoader.Load(machine, Path.Combine(guests, "reload-loop.guest.yaml"));
        _popf = GuestLoader.Load(machine, Path.Combine(guests, "popf-critical.guest.yaml"));
        _patched = new VmmOptions(VmmDesign.Patched) { PatchSet = PatchSet.Critical(_spec, null, VerdictCache.DefaultDirectory) };
        var vtx = new ConcreteMachine(SpecLoader.Load(Path.Combine(ConcreteInterpreterBenchmark.RepositoryRoot(), "isa-specs", "x86-32-vtx.yaml")));
        _vtxUserLoop = GuestLoader.Load(vtx, Path.Combine(guests, "user-loop.guest.yaml")).WithSteps(LoopSteps + 1);
        _vtxReloadLoop = GuestLoader.Load(vtx, Path.Combine(guests, "reload-loop.guest.yaml"));
        // The arithmetic loop runs no instruction a control governs; the reload loop exits on each reload.
        var controls = HardwareProver.Setting(vtx.Spec, ["HLT_EXITING", "CR3_LOAD_EXITING", "DESC_TABLE_EXITING"]);
        _hardware = new VmmOptions(VmmDesign.Hardware) { Controls = controls };
    }

    [IterationSetup(Targets = [nameof(BareMetal)])]
    public void SetupBareMetal() => _runner = Ready(new BareMetalGuest(_userLoop.Machine, _userLoop.Start.Clone(), _userLoop.NewProgram()));

    [IterationSetup(Targets = [nameof(TrapAndEmulate)])]
    public void SetupTrapAndEmulate() => _runner = Ready(DifferentialRun.NewVmm(_userLoop, new VmmOptions(VmmDesign.TrapAndEmulate)));

    [IterationSetup(Targets = [nameof(Hybrid)])]
    public void SetupHybrid() => _runner = Ready(DifferentialRun.NewVmm(_userLoop, new VmmOptions(VmmDesign.Hybrid)));

    [IterationSetup(Targets = [nameof(Patched)])]
    public void SetupPatched() => _runner = Ready(DifferentialRun.NewVmm(_userLoop, _patched));

    [IterationSetup(Targets = [nameof(Paravirtual)])]
    public void SetupParavirtual() => _runner = Ready(DifferentialRun.NewVmm(_userLoop, _patched with { Design = VmmDesign.Paravirtual }));

    [IterationSetup(Targets = [nameof(Hardware)])]
    public void SetupHardware() => _runner = Ready(DifferentialRun.NewVmm(_vtxUserLoop, _hardware));

    [IterationSetup(Targets = [nameof(ExitRoundTrip)])]
    public void SetupExits() => _runner = Ready(DifferentialRun.NewVmm(_vtxReloadLoop, _hardware));

    [IterationSetup(Targets = [nameof(TrapRoundTrip)])]
    public void SetupReload() => _runner = Ready(DifferentialRun.NewVmm(_reloadLoop, new VmmOptions(VmmDesign.TrapAndEmulate)));

    [IterationSetup(Targets = [nameof(ScanAndPatchOneBlock)])]
    public void SetupScan() => _scanner = (ReferenceVmm)Ready(DifferentialRun.NewVmm(_popf, _patched));

    [Benchmark(Baseline = true, OperationsPerInvoke = LoopSteps)]
    public long BareMetal() => Run();

    [Benchmark(OperationsPerInvoke = LoopSteps)]
    public long TrapAndEmulate() => Run();

    [Benchmark(OperationsPerInvoke = LoopSteps)]
    public long Hybrid() => Run();

    [Benchmark(OperationsPerInvoke = LoopSteps)]
    public long Patched() => Run();

    [Benchmark(OperationsPerInvoke = LoopSteps)]
    public long Paravirtual() => Run();

    [Benchmark(OperationsPerInvoke = LoopSteps)]
    public long Hardware() => Run();

    /// <summary>Per VM exit: the reload loop to its HLT under the hardware VMM (the first step ran in the setup).</summary>
    [Benchmark(OperationsPerInvoke = ReloadExits)]
    public long ExitRoundTrip()
    {
        _runner.Advance(long.MaxValue, out _);
        return _runner.Steps;
    }

    /// <summary>Per trap: the reload loop to its HLT (the first step ran in the setup).</summary>
    [Benchmark(OperationsPerInvoke = ReloadTraps)]
    public long TrapRoundTrip()
    {
        _runner.Advance(long.MaxValue, out _);
        return _runner.Steps;
    }

    /// <summary>Drops the loop body's block (a write to its page) and decodes, scans and patches it again.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int ScanAndPatchOneBlock()
    {
        const ulong loop = 0x1006;
        var patched = 0;
        for (var i = 0; i < 1000; i++)
        {
            _scanner.Real.Memory![0x11FF] = _scanner.Real.Memory[0x11FF];
            patched += _scanner.Blocks.Get(loop, out _)!.Instructions.Length;
        }

        return patched;
    }

    private long Run()
    {
        _runner.Advance(LoopSteps, out _);
        return _runner.Steps;
    }

    // One step outside the timing: the VMM's allocator asks Z3 for the real state on its first embedding.
    private static IGuestRunner Ready(IGuestRunner runner)
    {
        runner.Advance(1, out _);
        return runner;
    }
}
