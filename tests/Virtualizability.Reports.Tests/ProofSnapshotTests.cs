using Virtualizability.Analyzer.Proving;
using Virtualizability.Reports.Proving;
using Virtualizability.Reports.Tests.Support;

namespace Virtualizability.Reports.Tests;

/// <summary>
/// The Markdown and JSON reports of `virt prove` for each snapshotted spec and design, against their approved
/// files in Snapshots/Proofs, and the facts the theory fixes for the shipped specs.
/// </summary>
public sealed class ProofSnapshotTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var spec in Proofs.Snapshotted)
        {
            foreach (var design in Proofs.Designs)
            {
                data.Add(spec, design.Name());
            }
        }

        foreach (var spec in Proofs.WithControls)
        {
            data.Add(spec, VmmDesign.Hardware.Name());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MarkdownProofMatchesSnapshot(string spec, string design)
    {
        Snapshot.Verify(NameOf(spec, design), "md", ProofMarkdownReport.Write(Proof(spec, design), Details(spec)), Snapshot.ProofDirectory);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void JsonProofMatchesSnapshot(string spec, string design)
    {
        Snapshot.Verify(NameOf(spec, design), "json", ProofJsonReport.Write(Proof(spec, design), Details(spec)), Snapshot.ProofDirectory);
    }

    /// <summary>Theorem 1 (3 for hybrid) as a checked fact, where the theory says the sets agree.</summary>
    [Theory]
    [InlineData("isa-specs/pg74.yaml", "trap-and-emulate", "LRA,RDMODE")]
    [InlineData("isa-specs/pg74-virtualizable.yaml", "trap-and-emulate", "")]
    [InlineData("isa-specs/m68000.yaml", "trap-and-emulate", "MOVE_FROM_SR")]
    [InlineData("isa-specs/m68010.yaml", "trap-and-emulate", "")]
    [InlineData("isa-specs/pdp10.yaml", "trap-and-emulate", "JRST1")]
    [InlineData("isa-specs/pdp10.yaml", "hybrid", "")]
    public void FailingSetIsTheTheoremsSet(string spec, string design, string failing)
    {
        var proof = Proof(spec, design);

        Assert.Equal(failing, string.Join(",", proof.TheoremCheck!.Failing.Order(StringComparer.Ordinal)));
        Assert.True(proof.TheoremCheck.Agrees, string.Join("; ", proof.TheoremCheck.Differences));
        Assert.Equal(failing.Length == 0 ? 0 : 1, proof.ExitCode);
    }

    [Theory]
    [InlineData("isa-specs/pg74.yaml")]
    [InlineData("isa-specs/m68000.yaml")]
    [InlineData("isa-specs/pdp10.yaml")]
    public void PatchingTheCriticalSetProvesEveryObligationAndIsMinimal(string spec)
    {
        var proof = Proof(spec, "patched");

        Assert.Equal(0, proof.ExitCode);
        Assert.NotEmpty(proof.PatchSet);
        Assert.All(proof.PatchSet, p => Assert.True(p.Needed, p.Explanation));
        Assert.Equal(proof.PatchSet.Select(p => p.Instruction), Proof(spec, "paravirtual").Hypercalls.Select(h => h.Replaces));
    }

    /// <summary>x86-32-vtx: the synthesized VT-x setting leaves the descriptor tables to the guest and keeps HLT and I/O.</summary>
    [Fact]
    public void HardwareSynthesisOnVtxProvesEveryObligation()
    {
        var proof = Proof("isa-specs/x86-32-vtx.yaml", "hardware");

        Assert.Equal(0, proof.ExitCode);
        Assert.DoesNotContain("DESC_TABLE_EXITING", proof.Hardware!.SettingNames);
        Assert.Contains("HLT_EXITING", proof.Hardware.SettingNames);
        Assert.Contains("UNCOND_IO_EXITING", proof.Hardware.SettingNames);
    }

    [Fact]
    public void EveryApprovedProofFileBelongsToACase()
    {
        var expected = Cases().Select(c => NameOf((string)c[0], (string)c[1])).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(Snapshot.ProofDirectory, "*.approved.*")
            .Select(Path.GetFileName)
            .Where(f => !expected.Contains(f![..f!.IndexOf(".approved.", StringComparison.Ordinal)]))
            .ToList();

        Assert.Empty(orphans);
    }

    // The model Z3 returns for an obligation differs between runs (any of many models is right: x86 and
    // armv7a were seen to change from one process to the next), so the snapshots keep what the proof fixes
    // and leave the concrete values out. Every counterexample is replayed in every run either way.
    private static bool Details(string spec) => false;

    private static SpecProof Proof(string spec, string design) => Proofs.Of(spec, VmmDesigns.Parse(design)!.Value);

    private static string NameOf(string spec, string design) => $"{Path.GetFileNameWithoutExtension(spec)}.{design}";
}
