using System.Text.RegularExpressions;
using CsCheck;

namespace Virtualizability.Tests.Shared.Fuzzing;

/// <summary>
/// Drives the loader fuzz tests: mutations of every shipped spec, drawn from a fixed stream per spec (so a
/// run is the same every time), written beside pristine copies of the shipped specs (so a variant still
/// finds the spec it extends). <c>VIRT_FUZZ_MUTATIONS</c> sets how many mutations are tried in all.
/// </summary>
public sealed class SpecFuzz : IDisposable
{
    public const int DefaultMutations = 1800;

    public SpecFuzz(string specsFolder)
    {
        Folder = Directory.CreateTempSubdirectory("virt-fuzz-").FullName;
        foreach (var spec in Directory.EnumerateFiles(specsFolder, "*.yaml").Order(StringComparer.Ordinal))
        {
            File.Copy(spec, Path.Combine(Folder, Path.GetFileName(spec)));
            Specs.Add(Path.GetFileName(spec));
        }
    }

    public string Folder { get; }

    public List<string> Specs { get; } = [];

    public static int Mutations =>
        int.TryParse(Environment.GetEnvironmentVariable("VIRT_FUZZ_MUTATIONS"), out var n) && n > 0 ? n : DefaultMutations;

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>
    /// Runs <paramref name="check"/> on <paramref name="count"/> mutations of <paramref name="spec"/>, each
    /// written to its own file. A failing case is handed to CsCheck with its seed, which shrinks it to the
    /// fewest, earliest edits that still fail and reports the seed to rerun it.
    /// </summary>
    public void Run(string spec, int count, Action<string, string> check)
    {
        var original = File.ReadAllText(Path.Combine(Folder, spec));
        var path = Path.Combine(Folder, "mutated-" + spec);
        void Check(SpecMutation[] mutations)
        {
            var text = SpecMutation.ApplyAll(original, mutations);
            File.WriteAllText(path, text);
            check(path, text);
        }

        var pcg = new PCG((uint)Seed(spec), 1974);
        for (var n = 0; n < count; n++)
        {
            var seed = pcg.ToString();
            var mutations = SpecMutation.Some.Generate(pcg, null, out _);
            try
            {
                Check(mutations);
            }
            catch (Exception)
            {
                SpecMutation.Some.Sample(Check, seed: seed, iter: 300, threads: 1, print: m => $"{spec}: {string.Join(", ", m)}");
                throw;
            }
        }
    }

    /// <summary>The lines of the file an error names: the mutated text, or the pristine copy it extends.</summary>
    public string[] LinesOf(string file, string mutatedPath, string mutatedText) =>
        (Path.GetFullPath(file) == mutatedPath ? mutatedText : File.ReadAllText(file)).Split('\n');

    /// <summary>A message with its names, numbers and quoted parts taken out: what kind of error it is.</summary>
    public static string KindOf(string message) =>
        Regex.Replace(Regex.Replace(Regex.Replace(message, "'[^']*'", "'…'"), @"\([^)]*\)", "(…)"), @"0x[0-9a-fA-F]+|\d+", "N");

    private static int Seed(string spec)
    {
        var hash = 17;
        foreach (var c in spec)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}

/// <summary>What a fuzz run saw, for its summary line.</summary>
public sealed class FuzzTally
{
    private readonly HashSet<string> _messages = [];
    private readonly HashSet<string> _kinds = [];

    private readonly Lock _lock = new();

    public int Tried { get; private set; }

    public int Valid { get; private set; }

    /// <summary>One outcome: null errors for a valid input. Safe to call from several threads.</summary>
    public void Count(IEnumerable<string>? errors)
    {
        lock (_lock)
        {
            Tried++;
            if (errors is null)
            {
                Valid++;
                return;
            }

            foreach (var message in errors)
            {
                _messages.Add(message);
                _kinds.Add(SpecFuzz.KindOf(message));
            }
        }
    }

    public string Summary(TimeSpan elapsed) =>
        $"{Tried} mutations tried, {Valid} valid specs, {_messages.Count} distinct error messages of {_kinds.Count} kinds, " +
        $"{Tried / Math.Max(elapsed.TotalSeconds, 0.001):F0} mutations/s ({elapsed.TotalSeconds:F1} s)";

    public IEnumerable<string> Kinds => _kinds.Order(StringComparer.Ordinal);
}
