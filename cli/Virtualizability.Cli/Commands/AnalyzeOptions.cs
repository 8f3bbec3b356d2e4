using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Cli.Commands;

/// <summary>The options shared by `virt analyze` and `virt baseline`, and how they become classifier options.</summary>
internal sealed class AnalyzeOptions
{
    public Argument<string> File { get; } = new("FILE") { Description = "the ISA description (YAML) to analyze" };

    public Option<int?> GuestRing { get; } = new("--guest-ring") { Description = "x86: the ring that runs virtual supervisor code (1 or 3); default from the spec" };

    public Option<string?> GuestMode { get; } = new("--guest-mode") { Description = "the mode that runs virtual supervisor code; default from the spec" };

    public Option<int> Jobs { get; } = new("--jobs", "-j") { Description = "solver workers (default: the number of cores)" };

    public Option<uint> Timeout { get; } = new("--timeout") { Description = "time limit per query in milliseconds", DefaultValueFactory = _ => 30_000 };

    public Option<uint?> ResourceLimit { get; } = new("--rlimit") { Description = "deterministic resource limit per query (Z3 rlimit)" };

    public Option<string?> EmitSmt2 { get; } = new("--emit-smt2") { Description = "write every query as SMT-LIB into this folder" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in new Option[] { GuestRing, GuestMode, Jobs, Timeout, ResourceLimit, EmitSmt2 })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The classifier options, or a usage error.</summary>
    public (ClassifierOptions? Options, string? Error) Read(ParseResult parse)
    {
        var ring = parse.GetValue(GuestRing);
        var mode = parse.GetValue(GuestMode);
        if (ring is not null && mode is not null)
        {
            return (null, "give either --guest-ring or --guest-mode, not both");
        }

        if (ring is not null and not (1 or 3))
        {
            return (null, $"--guest-ring must be 1 or 3, not {ring}");
        }

        if (parse.GetValue(Jobs) < 0)
        {
            return (null, "--jobs must be 1 or more");
        }

        var limits = new SolverLimits(parse.GetValue(Timeout), parse.GetValue(ResourceLimit), parse.GetValue(EmitSmt2));
        return (new ClassifierOptions(ring is { } r ? $"ring{r}" : mode, parse.GetValue(Jobs), limits), null);
    }
}
