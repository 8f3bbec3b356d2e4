using Virtualizability.Reports.Comparison;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests.Comparison;

/// <summary>The comparisons the tests render, built from the shared classifications of the shipped specs.</summary>
public static class Comparisons
{
    /// <summary>A fixed set, so that a newly shipped spec does not change these snapshots: the classic machines and x86 with UMIP.</summary>
    public static readonly string[] Classic =
    [
        "isa-specs/pg74.yaml", "isa-specs/pg74-virtualizable.yaml", "isa-specs/m68000.yaml", "isa-specs/m68010.yaml",
        "isa-specs/pdp10.yaml", "isa-specs/x86-32.yaml", "isa-specs/x86-32-umip.yaml",
    ];

    /// <summary>The name of the comparison's snapshots in Snapshots/.</summary>
    public const string SnapshotName = "compare-classic";

    /// <summary>The name of the hardware comparison's snapshots.</summary>
    public const string HardwareSnapshotName = "compare-hardware";

    /// <summary>Every comparison snapshot's name.</summary>
    public static readonly string[] SnapshotNames = [SnapshotName, HardwareSnapshotName];

    /// <summary>A test machine with VM-execution controls (TestData/pg74-vt.yaml), for the hardware design and its closed holes.</summary>
    public const string HardwareTestSpec = "tests/Virtualizability.Reports.Tests/TestData/pg74-vt.yaml";

    /// <summary>
    /// pg74 and x86-32 against the specs that extend them: one closes holes by privilege (pg74-virtualizable,
    /// x86-32-umip), the other by hardware assistance (pg74-vt, x86-32-vtx). The x86 part is the x86-vs-VT-x table.
    /// </summary>
    public static readonly string[] WithHardware =
    [
        "isa-specs/pg74.yaml", "isa-specs/pg74-virtualizable.yaml", HardwareTestSpec,
        "isa-specs/x86-32.yaml", "isa-specs/x86-32-umip.yaml", "isa-specs/x86-32-vtx.yaml",
    ];

    /// <summary>The specs compared as `virt compare` does, with their designs' verdicts (from the shared proofs).</summary>
    public static IsaComparison Of(IEnumerable<string> specs) =>
        ComparisonBuilder.Build(specs.Select(s => ComparedIsas.From(Specs.Loaded(s), Specs.Classified(s), [.. Proofs.Outcomes(s)])).ToList());

    public static IsaComparison ClassicMachines => Of(Classic);

    public static IsaComparison Shipped => Of(Specs.Shipped);
}
