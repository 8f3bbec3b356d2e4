using System.Collections.Immutable;
using System.Text.Json;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>A theorem's verdict as a baseline keeps it: "yes", "no" or "unknown".</summary>
public sealed record BaselineTheorem(string Theorem, string Holds);

/// <summary>A critical instruction as a baseline keeps it, with the reason, so a changed reason shows as updated.</summary>
public sealed record BaselineFinding(string Name, string Reason);

/// <summary>
/// What a CI gate remembers of an analysis: which instructions were critical (or, when recorded with
/// --allow-unknown, undecided) and what the theorems said, and under which configuration, spec content,
/// tool and Z3 the analysis was made. Only the findings can regress; everything else in a report is
/// explanation.
/// </summary>
public sealed record Baseline(
    int SchemaVersion,
    string Isa,
    VmmConfiguration Configuration,
    string SpecHash,
    string ToolVersion,
    string Z3Version,
    ImmutableArray<BaselineFinding> Critical,
    ImmutableArray<string> Unknown,
    ImmutableArray<BaselineTheorem> Theorems)
{
    public const int CurrentSchemaVersion = 2;

    // Missing or null members are errors: a baseline with no "critical" list is not an empty list.
    private static readonly JsonSerializerOptions ReadOptions = new(JsonReport.Options)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static Baseline From(SpecClassification result, RunMetadata metadata) => new(
        CurrentSchemaVersion,
        result.Isa,
        VmmConfiguration.Of(result),
        metadata.SpecHash,
        metadata.ToolVersion,
        metadata.Z3Version,
        result.Instructions.Where(i => i.IsCritical).Select(i => new BaselineFinding(i.Name, ReportText.Reason(i))).ToImmutableArray(),
        result.Instructions.Where(i => i.Class == InstructionClass.Unknown).Select(i => i.Name).ToImmutableArray(),
        result.Theorems.Select(t => new BaselineTheorem(t.Theorem, ReportText.Word(t.Holds))).ToImmutableArray());

    /// <summary>The baseline's file contents.</summary>
    public string ToJson() => ReportJson.Serialize(this, JsonReport.Options) + "\n";

    /// <summary>
    /// Writes to a temporary file beside the target and moves it over, so a crash or a full disk never
    /// leaves a half-written baseline for the next CI run to misread.
    /// </summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, ToJson());
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new BaselineException($"{path}: cannot write the baseline: {e.Message}", e);
        }
    }

    public static Baseline Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"{path}: cannot read the baseline: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Reads a baseline's JSON; <paramref name="source"/> names it in error messages.</summary>
    public static Baseline Parse(string json, string source)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new BaselineException($"{source}: not a valid baseline: the file is empty; {Shape}");
        }

        Baseline? baseline;
        try
        {
            CheckVersion(json, source);
            baseline = ReportJson.Deserialize<Baseline>(json, ReadOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $"{source}:{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : source;
            throw new BaselineException($"{where}: not a valid baseline: {Describe(e)}", e);
        }

        if (baseline is null)
        {
            throw new BaselineException($"{source}: not a valid baseline: expected a JSON object, found null");
        }

        if (baseline.SchemaVersion != CurrentSchemaVersion)
        {
            throw new BaselineException($"{source}: baseline schemaVersion {baseline.SchemaVersion} is not supported: this virt reads version {CurrentSchemaVersion}; record it again with `virt baseline`");
        }

        return baseline;
    }

    // An older baseline lacks members this version requires: say which version it is, not what it lacks.
    // Malformed JSON is left to the deserializer, whose error carries the position.
    private static void CheckVersion(string json, string source)
    {
        System.Text.Json.Nodes.JsonNode? root;
        try
        {
            root = System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return;
        }

        if (root is System.Text.Json.Nodes.JsonObject { } map && map["schemaVersion"] is System.Text.Json.Nodes.JsonValue version
            && version.TryGetValue<int>(out var number) && number != CurrentSchemaVersion)
        {
            throw new BaselineException($"{source}: baseline schemaVersion {number} is not supported: this virt reads version {CurrentSchemaVersion}; record it again with `virt baseline`");
        }
    }

    // System.Text.Json's messages are written for programmers: they name .NET types, suggest reader
    // options and append "Path: $.x | LineNumber: 0 | ...". The location is already in front of ours.
    private static string Describe(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = (cut >= 0 ? message[..cut] : message).Replace(" Change the reader options.", "", StringComparison.Ordinal).Trim();
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"{e.Path ?? "a value"} has the wrong type; {Shape}";
        }

        var missing = message.IndexOf("missing required properties including: ", StringComparison.Ordinal);
        return missing >= 0 ? $"{message[missing..].TrimEnd('.')}; {Shape}" : message;
    }

    private const string Shape = "expected a baseline written by `virt baseline` (schemaVersion 2: isa, configuration, specHash, toolVersion, z3Version, critical, unknown, theorems)";
}
