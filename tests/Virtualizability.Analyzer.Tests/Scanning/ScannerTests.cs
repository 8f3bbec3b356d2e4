using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Scanning;

/// <summary>The scanner on flat binaries assembled with Iced, with the classes of the shipped x86 specs' analyses.</summary>
public sealed class ScannerTests
{
    [Theory]
    [InlineData(16, "x86-32.yaml")]
    [InlineData(32, "x86-32.yaml")]
    [InlineData(64, "x86-64.yaml")]
    public void EveryCriticalInstructionIsFoundInEachForm(int bitness, string spec)
    {
        var code = AssembledBinaries.Critical(bitness);

        var scan = Scan(code, bitness, spec, allSensitive: false);

        var findings = scan.Findings.ToList();
        Assert.Equal(AssembledBinaries.Count(code, bitness), findings.Count);
        Assert.All(findings, f => Assert.Equal(InstructionClass.Critical, f.Verdict.Class));
        Assert.Equal(0, scan.InvalidDecodes);
        Assert.Empty(scan.UnclaimedByMnemonic);
    }

    [Theory]
    [InlineData(32, "x86-32.yaml")]
    [InlineData(64, "x86-64.yaml")]
    public void PrivilegedInstructionsAreFindingsOnlyWhenAllSensitiveAreAsked(int bitness, string spec)
    {
        var code = AssembledBinaries.NoCritical(bitness);

        Assert.Empty(Scan(code, bitness, spec, allSensitive: false).Findings);
        var sensitive = Scan(code, bitness, spec, allSensitive: true).Findings.ToList();
        Assert.Contains(sensitive, f => f.Mnemonic == "hlt" && f.Verdict.Class == InstructionClass.Privileged);
        Assert.Contains(sensitive, f => f.Mnemonic == "rdtsc" && f.Verdict.Class == InstructionClass.Privileged);
        Assert.DoesNotContain(sensitive, f => f.Mnemonic is "mov" or "add" or "ret");
    }

    [Fact]
    public void AFindingSaysWhereItIsAndWhatItIs()
    {
        var code = AssembledBinaries.Critical(64);
        var scan = Scan(code, 64, "x86-64.yaml", allSensitive: false, baseAddress: 0x401000);

        var first = scan.Findings.First();
        Assert.Equal(0x401000UL, first.Address);
        Assert.Equal(0, first.FileOffset);
        Assert.Equal(code[..first.Bytes.Length], first.Bytes.ToArray());
        Assert.Equal("sgdt [rax]", first.Text);
        Assert.Equal("SGDT", first.Verdict.Instruction);
        Assert.Contains("GDTR", first.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidBytesAreCountedAndDecodingResumesAfterThem()
    {
        // 0x06 (PUSH ES) does not exist in 64-bit code; then PUSHFQ.
        var scan = Scan([0x06, 0x06, 0x9C], 64, "x86-64.yaml", allSensitive: false);

        Assert.Equal(2, scan.InvalidDecodes);
        Assert.Equal("pushfq", Assert.Single(scan.Findings).Mnemonic);
    }

    private static ScanResult Scan(byte[] code, int bitness, string specFile, bool allSensitive, ulong baseAddress = 0)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var table = new VerdictTable(spec, ScanVerdict.From(Classifications.Of(specFile)));
        var image = FlatBinaryReader.Read("test.bin", code, bitness, baseAddress);
        return BinaryScanner.Scan([image], _ => table, new ScanOptions(AllSensitive: allSensitive));
    }
}
