using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Virtualizability.Analyzer.Tests;

/// <summary>
/// Checks every shipped ISA spec against <c>isa-specs/isa.schema.json</c>, and the schema against the
/// format described in <c>isa-specs/README.md</c>.
/// </summary>
public sealed class SchemaTests
{
    private const string SchemaFileName = "isa.schema.json";

    // A complete, valid base spec; the negative tests each break it in exactly one way so that a
    // rejection can only come from that change.
    private const string MinimalSpec = """
        # yaml-language-server: $schema=isa.schema.json
        isa: tiny
        state:
          - { name: S, width: 1, role: mode }
          - name: PC
            width: 8
            role: user
            fields:
              LOW: { bits: "3:0" }
              TOP: { bits: 7, role: control }
        register_groups:
          r: [PC]
        memory: { name: mem, address_width: 8, cell_width: 8, role: user }
        pc: PC
        traps:
          privilege: { code: 0, doc: "privileged instruction in user mode" }
        modes:
          - { name: sup, when: "S == 1" }
          - { name: usr, when: "S == 0" }
        supervisor_mode: sup
        vmm:
          guest_supervisor_mode: usr
          guest_user_mode: usr
          keeps: "true"
        instructions:
          - name: JMP
            mnemonic: jmp
            operands:
              - { name: target, kind: imm, width: 8 }
              - { name: src, kind: reg, group: r }
              - { name: ea, kind: mem }
            body: "PC := target;"
            expect: [innocuous, not-privileged]
            length: 2
        """;

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    public static TheoryData<string> SpecFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in FindSpecFiles())
        {
            data.Add(Path.GetRelativePath(SpecsDirectory, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void SpecsFolderHoldsAtLeastOneSpec()
    {
        Assert.NotEmpty(FindSpecFiles());
    }

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void SpecStartsWithSchemaComment(string relativePath)
    {
        var path = Path.Combine(SpecsDirectory, relativePath);
        var schemaPath = Path.GetRelativePath(Path.GetDirectoryName(path)!, Path.Combine(SpecsDirectory, SchemaFileName));
        var expected = "# yaml-language-server: $schema=" + schemaPath.Replace('\\', '/');

        Assert.Equal(expected, File.ReadLines(path).FirstOrDefault());
    }

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void SpecConformsToSchema(string relativePath)
    {
        var errors = Validate(File.ReadAllText(Path.Combine(SpecsDirectory, relativePath)));

        Assert.True(errors.Count == 0, $"{relativePath} violates {SchemaFileName}:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void MinimalSpecIsAccepted()
    {
        Assert.Empty(Validate(MinimalSpec));
    }

    [Fact]
    public void VariantMayOmitWhatItsBaseProvides()
    {
        const string variant = """
            isa: tiny-strict
            extends: tiny.yaml
            vmm:
              keeps: "S == 0"
            """;

        Assert.Empty(Validate(variant));
    }

    [Fact]
    public void UnknownTopLevelKeyIsRejected()
    {
        var errors = Validate(MinimalSpec + "\ncolour: blue\n");

        Assert.Contains(errors, e => e.Contains("/colour", StringComparison.Ordinal));
    }

    [Fact]
    public void BadRoleIsRejected()
    {
        var spec = MinimalSpec.Replace("{ name: S, width: 1, role: mode }", "{ name: S, width: 1, role: supervisor }", StringComparison.Ordinal);

        Assert.Contains(Validate(spec), e => e.Contains("/state/0/role", StringComparison.Ordinal));
    }

    [Fact]
    public void OperandKindDecidesItsRequiredKeys()
    {
        var spec = MinimalSpec.Replace("kind: reg, group: r", "kind: reg", StringComparison.Ordinal);

        Assert.Contains(Validate(spec), e => e.Contains("/instructions/0/operands/1", StringComparison.Ordinal));
    }

    [Fact]
    public void SchemaIsValidDraft202012()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var results = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, string.Join("\n", ErrorLines(results, null)));
    }

    [Fact]
    public void EverySchemaPropertyIsDescribed()
    {
        // Editors show these descriptions as hover text, so a missing one is a gap in the spec format's help.
        var undescribed = new List<string>();
        CollectUndescribedProperties(JsonNode.Parse(File.ReadAllText(SchemaPath))!, "", undescribed);

        Assert.Empty(undescribed);
    }

    private static string RepoRoot { get; } = Virtualizability.Tests.Shared.RepositoryRoot.Path;

    private static string SpecsDirectory => Path.Combine(RepoRoot, "isa-specs");

    private static string SchemaPath => Path.Combine(SpecsDirectory, SchemaFileName);

    private static IEnumerable<string> FindSpecFiles() =>
        Directory.EnumerateFiles(SpecsDirectory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    // Built once, because building also registers the schema globally under its $id.
    private static JsonSchema LoadSchema() => JsonSchema.FromText(File.ReadAllText(SchemaPath));

    /// <summary>Every schema violation of a YAML spec, as <c>line:column: location: message</c>.</summary>
    private static List<string> Validate(string yaml)
    {
        var root = ParseSingleDocument(yaml);
        var element = JsonSerializer.SerializeToElement(YamlJson.Convert(root));
        var results = Schema.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : ErrorLines(results, root).ToList();
    }

    private static YamlNode ParseSingleDocument(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        Assert.Single(stream.Documents);
        return stream.Documents[0].RootNode;
    }

    private static IEnumerable<string> ErrorLines(EvaluationResults results, YamlNode? root)
    {
        foreach (var detail in (results.Details ?? []).Prepend(results))
        {
            if (detail.Errors is null || IsConditionTest(detail))
            {
                continue;
            }

            var location = detail.InstanceLocation.ToString();
            var prefix = root is null ? "" : YamlJson.PositionOf(root, location) + ": ";
            foreach (var (keyword, message) in detail.Errors)
            {
                // A false subschema (additionalProperties: false, a forbidden key) reports under no keyword,
                // with a message that does not say the key itself is the problem.
                var text = keyword.Length == 0 ? "key not allowed here" : $"{keyword}: {message}";
                yield return $"{prefix}{(location.Length == 0 ? "/" : location)}: {text}";
            }
        }
    }

    // The list output keeps the failures of `if` and `not` subschemas, which are tests, not violations.
    private static bool IsConditionTest(EvaluationResults detail) =>
        detail.EvaluationPath.ToString().Split('/').Any(segment => segment is "if" or "not");

    private static void CollectUndescribedProperties(JsonNode schema, string path, List<string> undescribed)
    {
        switch (schema)
        {
            case JsonObject obj:
                if (obj["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property is JsonObject p && !p.ContainsKey("description") && !IsOverlay(path))
                        {
                            undescribed.Add($"{path}/properties/{name}");
                        }
                    }
                }

                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        CollectUndescribedProperties(child, $"{path}/{key}", undescribed);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child)
                    {
                        CollectUndescribedProperties(child, $"{path}/{i}", undescribed);
                    }
                }

                break;
        }
    }

    // Conditional subschemas (if/then) only add constraints to properties already described at their declaration.
    private static bool IsOverlay(string path) =>
        path.Contains("/then", StringComparison.Ordinal) || path.Contains("/if", StringComparison.Ordinal);
}

/// <summary>
/// Converts a YAML document into the JSON it denotes, so that a JSON Schema can validate it, and maps a JSON
/// pointer back to a position in the YAML.
/// </summary>
internal static partial class YamlJson
{
    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new NotSupportedException($"{node.Start}: unsupported YAML node {node.NodeType}."),
    };

    /// <summary>The <c>line:column</c> of the node a JSON pointer designates, or of its nearest existing ancestor.</summary>
    public static string PositionOf(YamlNode root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.Split('/').Skip(1).Select(UnescapePointerSegment))
        {
            var child = Child(node, segment);
            if (child is null)
            {
                break;
            }

            node = child;
        }

        return $"{node.Start.Line}:{node.Start.Column}";
    }

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            // JSON keys are strings whatever the YAML key's type; non-scalar keys have no JSON counterpart.
            var name = key is YamlScalarNode { Value: { } text }
                ? text
                : throw new NotSupportedException($"{key.Start}: mapping keys must be scalars.");
            obj.Add(name, Convert(value));
        }

        return obj;
    }

    // Only plain scalars carry a type; quoting a number or boolean makes it a string, as in YAML's core schema.
    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (NullPattern().IsMatch(text))
        {
            return null;
        }

        if (BoolPattern().IsMatch(text))
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return ParseNumber(text) ?? JsonValue.Create(text);
    }

    private static JsonValue? ParseNumber(string text)
    {
        if (DecimalIntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (HexIntegerPattern().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return null;
    }

    private static YamlNode? Child(YamlNode node, string segment) => node switch
    {
        YamlMappingNode mapping => mapping.Children.TryGetValue(new YamlScalarNode(segment), out var value) ? value : null,
        YamlSequenceNode sequence when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < sequence.Children.Count
            => sequence.Children[index],
        _ => null,
    };

    private static string UnescapePointerSegment(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    [GeneratedRegex("^(~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalIntegerPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]{1,15}$")]
    private static partial Regex HexIntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
