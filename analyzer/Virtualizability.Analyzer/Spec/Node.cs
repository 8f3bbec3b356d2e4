using System.Globalization;
using Virtualizability.Analyzer.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Spec;

/// <summary>A YAML node together with the file it came from (a variant mixes nodes of several files).</summary>
public sealed record Node(YamlNode Yaml, SourceFile File)
{
    public SourceLocation Location => File.At(Yaml);

    public string? Scalar => (Yaml as YamlScalarNode)?.Value;
}

/// <summary>Typed reads of YAML nodes; each failed read reports where and what was expected.</summary>
public sealed class NodeReader(DiagnosticBag diagnostics)
{
    public DiagnosticBag Diagnostics => diagnostics;

    public void Error(Node node, string message) => diagnostics.Add(node.Location, message);

    /// <summary>A mapping's entries, with unknown keys and missing required keys reported.</summary>
    public Dictionary<string, (Node Key, Node Value)>? Mapping(Node node, string what, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required)
    {
        if (node.Yaml is not YamlMappingNode mapping)
        {
            Error(node, $"expected {what} as a mapping of keys to values");
            return null;
        }

        var entries = new Dictionary<string, (Node, Node)>();
        foreach (var (key, value) in mapping.Children)
        {
            var keyNode = new Node(key, node.File);
            var name = keyNode.Scalar ?? "";
            if (!allowed.Contains(name))
            {
                Error(keyNode, $"unknown key '{name}' in {what}: expected one of {string.Join(", ", allowed)}");
                continue;
            }

            entries[name] = (keyNode, new Node(value, node.File));
        }

        foreach (var key in required.Where(k => !entries.ContainsKey(k)))
        {
            Error(node, $"{what} is missing the required key '{key}'");
        }

        return entries;
    }

    /// <summary>The entries of a mapping whose keys are user-chosen names (traps, fields, groups).</summary>
    public List<(string Name, Node Key, Node Value)> NamedEntries(Node node, string what)
    {
        if (node.Yaml is not YamlMappingNode mapping)
        {
            Error(node, $"expected {what} as a mapping from names to entries");
            return [];
        }

        return mapping.Children.Select(c => ((c.Key as YamlScalarNode)?.Value ?? "", new Node(c.Key, node.File), new Node(c.Value, node.File))).ToList();
    }

    public List<Node> Sequence(Node node, string what)
    {
        if (node.Yaml is not YamlSequenceNode sequence)
        {
            Error(node, $"expected {what} as a list");
            return [];
        }

        return sequence.Children.Select(c => new Node(c, node.File)).ToList();
    }

    public string? String(Node node, string what)
    {
        if (node.Scalar is { } text && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        Error(node, $"expected {what} as a non-empty text");
        return null;
    }

    public int? Int(Node node, string what, int min, int max)
    {
        if (node.Scalar is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(node, $"expected {what} as a whole number from {min} to {max}, found '{node.Scalar ?? "a collection"}'");
        return null;
    }

    public bool? Bool(Node node, string what)
    {
        switch (node.Scalar)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Error(node, $"expected {what} as true or false, found '{node.Scalar ?? "a collection"}'");
                return null;
        }
    }

    public T? Enum<T>(Node node, string what)
        where T : struct, System.Enum
    {
        var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToList();
        if (node.Scalar is { } text && names.Contains(text))
        {
            return System.Enum.Parse<T>(text, ignoreCase: true);
        }

        Error(node, $"unknown {what} '{node.Scalar}': expected one of {string.Join(", ", names)}");
        return null;
    }

    public List<string> StringList(Node node, string what) =>
        Sequence(node, what).Select(item => String(item, $"each entry of {what}")).OfType<string>().ToList();
}
