using System.Diagnostics;
using Iced.Intel;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Scanning;

/// <summary>
/// The scanner against GNU objdump on real system libraries, which every Debian machine has: for each
/// mnemonic whose claimed forms are all sensitive (critical or privileged), objdump's count over the same
/// executable sections equals the scan's findings plus the instructions of that mnemonic in forms the spec
/// does not claim. objdump runs once per library, its output counted by awk, so the test stays cheap.
/// </summary>
public sealed class ObjdumpAgreementTests
{
    private const string Libraries = "/usr/lib/x86_64-linux-gnu";

    // objdump's Intel syntax names a few instructions by their operand size differently from Iced.
    private static readonly Dictionary<string, string> ObjdumpToIced = new(StringComparer.Ordinal)
    {
        ["pushf"] = "pushfq", ["popf"] = "popfq", ["pushfw"] = "pushf", ["popfw"] = "popf",
    };

    [Theory]
    [InlineData("libc.so.6")]
    [InlineData("libz3.so.4")]
    public void CountsPerSensitiveMnemonicEqualObjdumps(string library)
    {
        var path = Path.Combine(Libraries, library);
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, "x86-64.yaml"));
        var verdicts = ScanVerdict.From(Classifications.Of("x86-64.yaml"));
        var scan = BinaryScanner.Scan([BinaryScanner.Read(path, new ScanOptions())], _ => new VerdictTable(spec, verdicts), new ScanOptions(AllSensitive: true, Jobs: 2));
        var objdump = ObjdumpCounts(path);

        var compared = MnemonicsAllSensitive(spec, verdicts);
        Assert.NotEmpty(compared);
        var findings = scan.FindingsByMnemonic.ToDictionary(p => p.Key, p => p.Value);
        var unclaimed = scan.UnclaimedByMnemonic.ToDictionary(p => p.Key, p => p.Value);
        foreach (var mnemonic in compared)
        {
            var ours = findings.GetValueOrDefault(mnemonic) + unclaimed.GetValueOrDefault(mnemonic);
            Assert.True(objdump.GetValueOrDefault(mnemonic) == ours, $"{library}: objdump counts {objdump.GetValueOrDefault(mnemonic)} {mnemonic}, the scan {findings.GetValueOrDefault(mnemonic)} found + {unclaimed.GetValueOrDefault(mnemonic)} unclaimed");
        }
    }

    /// <summary>Mnemonics every claimed form of which the analysis finds sensitive (so each is a finding).</summary>
    private static HashSet<string> MnemonicsAllSensitive(IsaSpec spec, IEnumerable<ScanVerdict> verdicts)
    {
        var sensitive = verdicts.ToDictionary(v => v.Instruction, v => v.Sensitive);
        return spec.CodeMap.Claims
            .GroupBy(c => c.Code.Mnemonic().ToString().ToLowerInvariant())
            .Where(g => g.All(c => sensitive[c.Instruction.Name]))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static Dictionary<string, long> ObjdumpCounts(string path)
    {
        // The first word of each instruction that is not a prefix, counted.
        const string Awk = """
            -F'\t' 'NF >= 2 { n = split($2, w, " "); for (i = 1; i <= n; i++) { if (w[i] !~ /^(data16|data32|addr16|addr32|cs|ds|es|fs|gs|ss|lock|rep|repz|repnz|repe|repne|notrack|bnd|rex.*)$/) { c[w[i]]++; break } } } END { for (m in c) print c[m], m }'
            """;
        var start = new ProcessStartInfo("sh", ["-c", $"objdump -d -M intel --no-show-raw-insn '{path}' | awk {Awk}"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 2);
            var mnemonic = ObjdumpToIced.GetValueOrDefault(parts[1], parts[1]);
            counts[mnemonic] = counts.GetValueOrDefault(mnemonic) + long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return counts;
    }
}
