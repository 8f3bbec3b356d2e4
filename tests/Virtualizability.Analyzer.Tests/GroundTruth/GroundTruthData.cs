using YamlDotNet.RepresentationModel;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.GroundTruth;

/// <summary>Reads TestData/ground-truth.yaml with a plain YAML parser: the oracle shares no code with the analyzer.</summary>
public static class GroundTruthData
{
    /// <summary>The lists whose items the analyzer must classify exactly so, by key.</summary>
    public static readonly IReadOnlyDictionary<string, string> ClassLists = new Dictionary<string, string>
    {
        ["critical"] = "critical",
        ["privileged"] = "privileged",
        ["innocuous"] = "innocuous",
        ["always_traps"] = "always-traps",
    };

    /// <summary>Published lists of entries, each with the paper's class and, where it differs, the analyzer's.</summary>
    public static readonly IReadOnlyList<string> PublishedLists = ["robin_irvine", "long_mode", "penneman"];

    /// <summary>Keys that describe a machine rather than state a result.</summary>
    public static readonly IReadOnlySet<string> MetadataKeys = new HashSet<string> { "spec", "guest_modes", "source" };

    private static readonly Lazy<YamlMappingNode> Root = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Repo.TestData, "ground-truth.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    public static IEnumerable<string> Machines => Root.Value.Children.Keys.Select(k => ((YamlScalarNode)k).Value!);

    public static YamlMappingNode Machine(string name) => (YamlMappingNode)Root.Value.Children[new YamlScalarNode(name)];

    public static string Spec(string machine) => Scalar(Machine(machine), "spec")!;

    /// <summary>The guest modes to check a machine under; null means the spec's default.</summary>
    public static IEnumerable<string?> GuestModes(string machine) =>
        Machine(machine).Children.TryGetValue(new YamlScalarNode("guest_modes"), out var modes)
            ? ((YamlSequenceNode)modes).Children.Select(m => ((YamlScalarNode)m).Value)
            : [null];

    public static IReadOnlyList<string> List(string machine, string key) =>
        Machine(machine).Children.TryGetValue(new YamlScalarNode(key), out var list)
            ? ((YamlSequenceNode)list).Children.Select(n => ((YamlScalarNode)n).Value!).ToList()
            : [];

    public static IReadOnlyList<YamlMappingNode> Entries(string machine, string key) =>
        Machine(machine).Children.TryGetValue(new YamlScalarNode(key), out var list)
            ? ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>().ToList()
            : [];

    /// <summary>The theorem verdicts for a guest mode: a flat map, or one map per guest mode.</summary>
    public static (IReadOnlyDictionary<string, string> Verdicts, bool PerMode) Theorems(string machine, string? guest)
    {
        if (!Machine(machine).Children.TryGetValue(new YamlScalarNode("theorems"), out var node))
        {
            return (new Dictionary<string, string>(), false);
        }

        var map = (YamlMappingNode)node;
        var perMode = guest is not null && map.Children.TryGetValue(new YamlScalarNode(guest), out var forMode);
        if (perMode)
        {
            map = (YamlMappingNode)map.Children[new YamlScalarNode(guest!)];
        }

        var verdicts = map.Children.Where(c => c.Value is YamlScalarNode).ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);
        return (verdicts, perMode);
    }

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    /// <summary>
    /// Every row of the file, found by walking the YAML alone: a list item, an entry, a theorem (per guest
    /// mode where given). A key no check knows is a row too, so that it cannot be silently ignored.
    /// </summary>
    public static IEnumerable<string> Rows()
    {
        foreach (var machine in Machines)
        {
            foreach (var (keyNode, value) in Machine(machine).Children)
            {
                var key = ((YamlScalarNode)keyNode).Value!;
                if (MetadataKeys.Contains(key))
                {
                    continue;
                }

                foreach (var row in RowsOf(machine, key, value))
                {
                    yield return row;
                }
            }
        }
    }

    public static string Row(params string[] parts) => string.Join("/", parts);

    private static IEnumerable<string> RowsOf(string machine, string key, YamlNode value) => (key, value) switch
    {
        ("theorems", YamlMappingNode map) => map.Children.SelectMany(c => c.Value is YamlMappingNode perMode
            ? perMode.Children.Select(t => Row(machine, key, ((YamlScalarNode)c.Key).Value!, ((YamlScalarNode)t.Key).Value!))
            : [Row(machine, key, ((YamlScalarNode)c.Key).Value!)]),
        (_, YamlSequenceNode list) => list.Children.Select(item => Row(machine, key, item is YamlMappingNode entry ? Scalar(entry, "instruction") ?? "?" : ((YamlScalarNode)item).Value!)),
        _ => [Row(machine, key)],
    };
}
