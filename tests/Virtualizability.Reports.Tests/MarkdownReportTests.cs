using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

public sealed class MarkdownReportTests
{
    [Fact]
    public void PipesInTableCellsAreEscaped()
    {
        var markdown = MarkdownReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false);

        Assert.Contains("| the VMM keeps (Φ) | `IO == 0 \\|\\| MASK == 1` |", markdown);
    }

    [Fact]
    public void TableRowShowsPropertiesSubKindsAndReason()
    {
        var markdown = MarkdownReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false);

        Assert.Contains("| RDM (`rdm`) | **critical** | no | no | yes (mode) | yes | RDM gives A = 0x1f vs 0x20 when M 0x0 vs 0x1 |", markdown);
        Assert.Contains("| SLOW (`slow`) | unknown | unknown | no | no | no | privileged: solver answered unknown: timeout |", markdown);
    }

    [Fact]
    public void FailedClaimsAreListedWithTheirLocation()
    {
        var markdown = MarkdownReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false);

        Assert.Contains($"- `{Samples.File}:25:14`: RDM expects `innocuous`, but the analysis finds it critical", markdown);
        Assert.DoesNotContain("not-privileged`, but", markdown);
    }

    [Fact]
    public void WitnessDetailsOnlyWhenAskedFor()
    {
        var without = MarkdownReport.Write(Samples.Toy(), Samples.Metadata, witnesses: false);
        var with = MarkdownReport.Write(Samples.Toy(), Samples.Metadata, witnesses: true);

        Assert.Contains("- behavior-sensitive = yes: RDM gives A = 0x1f vs 0x20 when M 0x0 vs 0x1", without);
        Assert.DoesNotContain("operands", without);
        Assert.Contains("  - s2 in `sup`: runs; changes `A 0 → 0x20`", with);
        Assert.Contains("### HLT (privileged)", with);
    }

    [Fact]
    public void NoCriticalInstructionSaysSo()
    {
        var toy = Samples.Toy();
        var result = toy with { Instructions = toy.Instructions.RemoveAt(1) };

        Assert.Contains("None: every sensitive instruction is privileged.", MarkdownReport.Write(result, Samples.Metadata, witnesses: false));
    }
}
