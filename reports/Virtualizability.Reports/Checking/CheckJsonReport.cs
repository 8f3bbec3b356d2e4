using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Checker;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Reports.Checking;

/// <summary>`virt check`'s report as JSON: the runs, counts, divergence, replays and random runs as they are.</summary>
public static class CheckJsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<RunStop>(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = ReportJsonContext.Default,
    };

    public static string Write(CheckReport report) => ReportJson.Serialize(
        new CheckJsonDocument(
            report.Spec,
            report.Design.Name(),
            report.Controls,
            report.Passed,
            report.Program is { } run ? new CheckJsonProgram(run.Guest, run.Equivalent, run.BareMetal, run.Vmm, run.Divergence, run.Counts, run.Escapes) : null,
            report.Replays,
            report.Random),
        Options) + "\n";
}

internal sealed record CheckJsonDocument(
    string Spec,
    string Vmm,
    ImmutableArray<string>? Controls,
    bool Passed,
    CheckJsonProgram? Program,
    ImmutableArray<ReplayCase> Replays,
    RandomRuns? Random);

internal sealed record CheckJsonProgram(
    string Guest,
    bool Equivalent,
    SideOutcome BareMetal,
    SideOutcome Vmm,
    Divergence? Divergence,
    VmmCounts Counts,
    IReadOnlyList<ControlEscape> Escapes);
