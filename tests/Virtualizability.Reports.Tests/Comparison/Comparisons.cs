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

    /// <summary>The specs compared as `virt compare` does, with their designs' verdicts (from the shared proofs).</summary>
    public static IsaComparison Of(IEnumerable<string> specs) =>
        ComparisonBuilder.Build(specs.Select(s => new ComparedIsa(Specs.Classified(s), [.. Proofs.Outcomes(s).Select(DesignVerdicts.From)])).ToList());

    public static IsaComparison ClassicMachines => Of(Classic);

    public static IsaComparison Shipped => Of(Specs.Shipped);
}
