using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.X86;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;
using Virtualizability.Tests.Shared;

namespace Virtualizability.Checker.Tests;

/// <summary>
/// Scan-and-patch done ahead of time: the PUSHF/CLI…POPF guest patched as <c>virt patch</c> patches it
/// (the scanner with the classes of the spec's analysis, then INT3 padding and the side table) runs under
/// the patched reference VMM, given only the table, to the virtual end state the original reaches on bare
/// metal; without the table, its INT3s are the guest's own breakpoints and it does not.
/// </summary>
public sealed class StaticPatchTests
{
    // popf-critical.guest.yaml loads the image at this address; its descriptor tables start at GDTR.BASE,
    // 0x2000. They are data, which linear decoding would take for code (a far CALL in the GDT), so the
    // code below them is what is patched, as a user patches a kernel's text and not its data.
    private const ulong Origin = 0x1000;
    private const int CodeLength = 0x1000;
    private static readonly string GuestFile = Path.Combine(RepositoryRoot.Path, "checker", "guests", "popf-critical.bin");
    private static readonly Lazy<ImmutableArray<ScanVerdict>> Verdicts = new(() => ScanVerdict.From(SpecClassifier.Classify(GuestOutcomeTests.Spec("x86-32"), new ClassifierOptions())));

    [Fact]
    public void AGuestPatchedAheadOfTimeRunsUnderThePatchedVmmWithItsTableAsOnBareMetal()
    {
        var (original, patched, entries) = PatchedGuest();
        Assert.Contains(entries, e => e.Instruction.StartsWith("POPF", StringComparison.Ordinal));
        var options = new VmmOptions(VmmDesign.Patched) { StaticPatches = entries.ToImmutableDictionary(e => e.Address, e => e.Original) };

        var (bare, bareEnd) = OnBareMetal(original);
        var vmm = DifferentialRun.NewVmm(patched, options);
        var vmmEnd = DifferentialRun.RunToEnd(vmm, patched);

        Assert.True((bareEnd.Stop, vmmEnd.Stop) == (RunStop.Halted, RunStop.Halted), $"{bareEnd} {vmmEnd}");
        Assert.Equal(bare.Steps, vmm.Steps);
        Assert.True(vmm.Counts.PatchTraps >= 50 * entries.Length / 2, $"{vmm.Counts.PatchTraps} patch traps");
        Assert.Equal(0, vmm.Counts.PatchedInstructions);
        Assert.True(vmm.Counts.Interrupts > 0);
        Assert.Null(StateComparison.FirstDifference(original.Spec, bare.GuestState, ThroughTable(vmm.GuestState, entries)));
    }

    [Fact]
    public void WithoutItsTableThePatchedGuestDoesNotReachTheSameState()
    {
        var (original, patched, entries) = PatchedGuest();

        var (bare, _) = OnBareMetal(original);
        var vmm = DifferentialRun.NewVmm(patched, new VmmOptions(VmmDesign.Patched));
        DifferentialRun.RunToEnd(vmm, patched);

        Assert.NotNull(StateComparison.FirstDifference(original.Spec, bare.GuestState, ThroughTable(vmm.GuestState, entries)));
    }

    private static (BareMetalGuest Runner, DifferentialRun.End End) OnBareMetal(Guest guest)
    {
        var bare = new BareMetalGuest(guest.Machine, guest.Start.Clone(), guest.NewProgram());
        return (bare, DifferentialRun.RunToEnd(bare, guest));
    }

    /// <summary>The guest as loaded, the same guest with its image patched, and the side table.</summary>
    private static (Guest Original, Guest Patched, ImmutableArray<PatchEntry> Table) PatchedGuest()
    {
        var spec = GuestOutcomeTests.Spec("x86-32");
        var machine = new ConcreteMachine(spec);
        var original = GuestLoader.Load(machine, GuestFile);
        var image = FlatBinaryReader.Read(GuestFile, File.ReadAllBytes(GuestFile)[..CodeLength], 32, Origin);
        var table = new VerdictTable(spec, Verdicts.Value);
        var scan = BinaryScanner.Scan([image], _ => table, new ScanOptions(FlatBitness: 32, FlatBase: Origin)).Files[0];
        var (bytes, entries) = Patcher.Patch(image, scan);

        var start = original.Start.Clone();
        for (var i = 0; i < bytes.Length; i++)
        {
            start.Memory![Origin + (ulong)i] = bytes[i];
        }

        var patched = new Guest(original.Name + " (patched)", machine, start, () => new X86Program(machine))
        {
            Steps = original.Steps, Timer = original.Timer, Output = original.Output, Allocate = original.Allocate,
        };
        return (original, patched, entries);
    }

    // The guest's code under the VMM still holds the INT3s; read through the side table it is the original.
    private static MachineState ThroughTable(MachineState state, ImmutableArray<PatchEntry> entries)
    {
        var copy = state.Clone();
        foreach (var entry in entries)
        {
            for (var k = 0; k < entry.Original.Length; k++)
            {
                copy.Memory![entry.Address + (ulong)k] = entry.Original[k];
            }
        }

        return copy;
    }
}
