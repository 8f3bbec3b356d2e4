using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Virtualizability.Reports.Checking;
using Virtualizability.Reports.Proving;

namespace Virtualizability.Reports;

/// <summary>
/// The report documents' serializers, generated at build time: no reflection at run time, so the reports
/// come out the same from the native (ahead-of-time compiled) virt as from the JIT one. The options that
/// shape the text (indentation, naming, escaping) stay on each report's <see cref="JsonSerializerOptions"/>.
/// </summary>
[JsonSerializable(typeof(JsonReportDocument))]
[JsonSerializable(typeof(JsonProofDocument))]
[JsonSerializable(typeof(Baseline))]
[JsonSerializable(typeof(CheckJsonDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

internal static class ReportJson
{
    /// <summary>The text of <paramref name="value"/> under <paramref name="options"/>, through the generated serializer.</summary>
    public static string Serialize<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));

    public static T? Deserialize<T>(string json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(json, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
}
