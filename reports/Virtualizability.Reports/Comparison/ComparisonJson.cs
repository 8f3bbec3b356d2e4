using System.Text.Json;
using System.Text.Json.Nodes;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>
/// A comparison as JSON (format: compare-report.schema.json): every row, innocuous ones included, so a
/// script can draw its own tables. No timings: the same specs give the same bytes.
/// </summary>
public static class ComparisonJson
{
    public const int SchemaVersion = 2;

    public static string Schema { get; } = EmbeddedSchema.Read("compare-report.schema.json");

    public static string Write(IsaComparison comparison)
    {
        var document = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["tool"] = "virt",
            ["matching"] = ComparisonText.MatchingRule.Replace("`", "", StringComparison.Ordinal),
            ["isas"] = new JsonArray(comparison.Isas.Select(Isa).ToArray<JsonNode?>()),
            ["variants"] = new JsonArray(comparison.Variants.Select(Variant).ToArray<JsonNode?>()),
            ["instructions"] = new JsonArray(comparison.Rows.Select(r => Row(comparison, r)).ToArray<JsonNode?>()),
        };
        return document.ToJsonString(JsonReport.Options) + "\n";
    }

    private static JsonObject Isa(ComparedIsa isa) => new()
    {
        ["isa"] = isa.Name,
        ["file"] = ReportText.Path(isa.Analysis.File),
        ["guestSupervisorMode"] = isa.Analysis.GuestSupervisorMode,
        ["guestUserMode"] = isa.Analysis.GuestUserMode,
        ["instructions"] = isa.Analysis.Instructions.Length,
        ["classes"] = new JsonObject(IsaComparison.Classes.Select(c => KeyValuePair.Create(ReportText.Word(c), (JsonNode?)isa.Count(c)))),
        ["theorems"] = new JsonArray(isa.Analysis.Theorems.Select(Theorem).ToArray<JsonNode?>()),
        ["designs"] = new JsonArray(isa.Designs.Select(Design).ToArray<JsonNode?>()),
    };

    private static JsonObject Theorem(TheoremVerdict t) => new()
    {
        ["theorem"] = t.Theorem,
        ["holds"] = ReportText.Word(t.Holds),
        ["culprits"] = new JsonArray(t.Culprits.Select(c => (JsonNode?)c).ToArray()),
    };

    private static JsonObject Design(DesignVerdict d)
    {
        var design = new JsonObject
        {
            ["design"] = d.Design,
            ["holds"] = ReportText.Word(d.Holds),
            ["detail"] = d.Detail,
            ["refuted"] = d.Refuted,
            ["unknown"] = d.Unknown,
        };
        if (d.PatchSet is { } patchSet)
        {
            design["patchSet"] = patchSet;
        }

        if (d.Controls is { } controls)
        {
            design["controls"] = new JsonArray(controls.Select(c => (JsonNode?)c).ToArray());
        }

        if (d.Failure is { } failure)
        {
            design["failure"] = failure;
        }

        return design;
    }

    private static JsonObject Variant(VariantTable table) => new()
    {
        ["base"] = table.Base.Name,
        ["variants"] = new JsonArray(table.Variants.Select(v => (JsonNode?)v.Name).ToArray()),
        ["controls"] = new JsonObject(table.Variants.Where(v => !v.Hardware.IsEmpty).Select(v => KeyValuePair.Create(v.Name, (JsonNode?)new JsonArray(
            v.Hardware.SelectMany(h => h.Controls.Select(c => (JsonNode?)new JsonObject { ["control"] = c.Control, ["instruction"] = h.Instruction, ["obligation"] = c.ObligationId })).ToArray())))),
        ["instructions"] = new JsonArray(table.Rows.Select(row => (JsonNode?)new JsonObject
        {
            ["instruction"] = row.Label,
            ["outcomes"] = new JsonObject(row.Cells.Select((c, v) => KeyValuePair.Create(table.Variants[v].Name, (JsonNode?)new JsonObject
            {
                ["closure"] = c.Closure.ToString().ToLowerInvariant(),
                ["text"] = c.Text,
                ["why"] = c.Why,
            }))),
        }).ToArray()),
    };

    private static JsonObject Row(IsaComparison comparison, ComparisonRow row)
    {
        var classes = new JsonObject();
        for (var s = 0; s < comparison.Isas.Length; s++)
        {
            if (!row.Cells[s].IsEmpty)
            {
                classes[comparison.Isas[s].Name] = new JsonArray(row.Cells[s].Select(i => (JsonNode?)new JsonObject
                {
                    ["name"] = i.Name,
                    ["class"] = ReportText.Word(i.Class),
                }).ToArray());
            }
        }

        return new JsonObject
        {
            ["label"] = row.Label,
            ["matchedBy"] = new JsonArray(MatchedNames(row.MatchedBy).Select(n => (JsonNode?)n).ToArray()),
            ["classes"] = classes,
            ["note"] = row.Note,
        };
    }

    private static IEnumerable<string> MatchedNames(MatchedBy how)
    {
        if (how.HasFlag(MatchedBy.Name))
        {
            yield return "name";
        }

        if (how.HasFlag(MatchedBy.IcedCode))
        {
            yield return "icedCode";
        }
    }
}
