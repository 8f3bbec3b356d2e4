using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Benchmarks;

/// <summary>
/// `virt scan`'s decoding and classification of libz3.so.4 (about 19 MB of code in one .text) against
/// `objdump -d | grep` on the same file, side by side in one run; objdump is the baseline, so the Ratio
/// column is scan time over objdump time. The spec's analysis comes from the cache (run `virt scan` once
/// first, or it is analysed in the setup), so only the scan is timed. MB/s is printed per invocation.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScanBenchmark
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/libz3.so.4";

    // The mnemonics a grep over objdump's text would look for: the critical and privileged ones.
    public const string Grep = @"\s(sgdt|sidt|sldt|str|smsw|pushf|popf|lar|lsl|verr|verw|iretq|cpuid|hlt|rdtsc|rdmsr|wrmsr|cli|sti|swapgs|sysretq)\s";

    private static readonly string SpecFile = Path.Combine(ConcreteInterpreterBenchmark.RepositoryRoot(), "isa-specs", "x86-64.yaml");

    private VerdictTable _table = null!;
    private BinaryImage _image = null!;

    [GlobalSetup]
    public void Setup()
    {
        var spec = SpecLoader.Load(SpecFile);
        var cache = new VerdictCache(VerdictCache.DefaultDirectory);
        _table = BinaryScanner.TableOf(spec, cache, new(), out _);
        cache.WriteTable(SpecFile, spec, _table);
        _image = BinaryScanner.Read(Library, new ScanOptions());
    }

    [Benchmark]
    public long ScanOneCore() => Scan(jobs: 1);

    [Benchmark]
    public long ScanTwoCores() => Scan(jobs: 2);

    /// <summary>What a whole `virt scan` does in the process, but for start-up: read the file, take the cached table, scan.</summary>
    [Benchmark]
    public long ReadCachedTableAndScan()
    {
        var watch = Stopwatch.StartNew();
        var cache = new VerdictCache(VerdictCache.DefaultDirectory);
        var table = cache.TryReadTable(SpecFile) ?? throw new InvalidOperationException("no cached table: run virt scan once first");
        var image = BinaryScanner.Read(Library, new ScanOptions());
        var result = BinaryScanner.Scan([image], _ => table, new ScanOptions(AllSensitive: true, Jobs: Environment.ProcessorCount));
        Console.WriteLine($"// read, cached table and scan: {result.Bytes / 1e6 / watch.Elapsed.TotalSeconds:F1} MB/s");
        return result.Instructions;
    }

    [Benchmark(Baseline = true)]
    public int ObjdumpGrep()
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", $"objdump -d '{Library}' | grep -cE '{Grep}'"]) { RedirectStandardOutput = true })!;
        var count = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return int.Parse(count.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private long Scan(int jobs)
    {
        var watch = Stopwatch.StartNew();
        var result = BinaryScanner.Scan([_image], _ => _table, new ScanOptions(AllSensitive: true, Jobs: jobs));
        Console.WriteLine($"// scan, {jobs} worker(s): {result.Bytes / 1e6 / watch.Elapsed.TotalSeconds:F1} MB/s, {result.Instructions} instructions, {result.Findings.Count()} findings");
        return result.Instructions;
    }
}
