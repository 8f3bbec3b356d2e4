using System.Text.Json;
using System.Text.Json.Serialization;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Checker;

namespace Virtualizability.Reports.Checking;

/// <summary>`virt check`'s report as JSON: the runs, counts, divergence, replays and random runs as they are.</summary>
public static class CheckJsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Write(CheckReport report) => JsonSerializer.Serialize(new
    {
        spec = report.Spec,
        vmm = report.Design.Name(),
        controls = report.Controls,
        passed = report.Passed,
        program = report.Program is { } run ? new
        {
            guest = run.Guest,
            equivalent = run.Equivalent,
            bareMetal = run.BareMetal,
            vmm = run.Vmm,
            divergence = run.Divergence,
            counts = run.Counts,
            escapes = run.Escapes,
        } : null,
        replays = report.Replays,
        random = report.Random,
    }, Options) + "\n";
}
