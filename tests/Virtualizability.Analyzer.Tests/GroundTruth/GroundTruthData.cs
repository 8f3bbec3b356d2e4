using YamlDotNet.RepresentationModel;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.GroundTruth;

/// <summary>Reads TestData/ground-truth.yaml with a plain YAML parser: the oracle shares no code with the analyzer.</summary>
public static class GroundTruthData
{
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

    public static IReadOnlyDictionary<string, string> Theorems(string machine) =>
        Machine(machine).Children.TryGetValue(new YamlScalarNode("theorems"), out var map)
            ? ((YamlMappingNode)map).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!)
            : new Dictionary<string, string>();

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
