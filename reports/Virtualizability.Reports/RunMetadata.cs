using System.Collections.Immutable;
using System.Reflection;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>
/// What a report needs besides the analysis to be reproduced: the tool and Z3 versions, the solver limits,
/// the spec's content hash and, when only some instructions were analysed, which. The VMM configuration
/// (guest modes, Φ) is part of the analysis itself.
/// </summary>
public sealed record RunMetadata(
    string ToolVersion,
    string Z3Version,
    string SpecHash,
    uint TimeoutMilliseconds,
    uint? ResourceLimit,
    ImmutableArray<string> Only = default)
{
    /// <summary>"0.1.0": the tool's version without the source revision.</summary>
    public static string CurrentToolVersion { get; } = ReadToolVersion();

    /// <summary>
    /// The informationUri of every SARIF report: the tool has no public home page, so this is a real page on
    /// what its rules check (Popek and Goldberg's requirements), not an address that would not resolve.
    /// </summary>
    public const string InformationUri = "https://en.wikipedia.org/wiki/Popek_and_Goldberg_virtualization_requirements";

    public bool IsPartial => !Only.IsDefaultOrEmpty;

    /// <summary>"30000 ms" or "none": a limit as the reports print it.</summary>
    public string TimeoutText => TimeoutMilliseconds == Analyzer.Solving.SolverLimits.NoTimeout ? "none" : $"{TimeoutMilliseconds} ms";

    public string ResourceLimitText => ResourceLimit is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";

    private static string ReadToolVersion()
    {
        var version = typeof(RunMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus > 0 ? version[..plus] : version;
    }
}

/// <summary>The VMM configuration an analysis was made under: what a baseline must match to be compared.</summary>
public sealed record VmmConfiguration(string SupervisorMode, string GuestSupervisorMode, string GuestUserMode, string Keeps)
{
    public static VmmConfiguration Of(SpecClassification result) =>
        new(result.SupervisorMode, result.GuestSupervisorMode, result.GuestUserMode, result.Keeps);

    public override string ToString() =>
        $"supervisor {SupervisorMode}, guest supervisor in {GuestSupervisorMode}, guest user in {GuestUserMode}, keeps {Keeps}";
}
