using System.CommandLine;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>The options shared by `virt analyze`, `virt baseline` and `virt explain`, and how they become classifier options.</summary>
internal sealed class AnalyzeOptions
{
    public Argument<string> File { get; } = new("FILE") { Description = "the ISA description (YAML) to analyze" };

    public Option<string?> GuestMode { get; } = new("--guest-mode")
    {
        Description = "the real mode that runs virtual supervisor code, one of the spec's vmm.guest_supervisor_mode_choices (x86: ring1 or ring3); not the real supervisor mode; default from the spec",
    };

    public Option<int?> GuestRing { get; } = new("--guest-ring") { Description = "x86 shorthand for --guest-mode ringN (1 or 3)" };

    public Option<int?> Jobs { get; } = new("--jobs", "-j") { Description = "solver workers, 1 or more (default and most: the number of cores); the result does not depend on it" };

    public Option<uint> Timeout { get; } = new("--timeout") { Description = "time limit per query in milliseconds; 0 means no limit", DefaultValueFactory = _ => 30_000 };

    public Option<uint?> ResourceLimit { get; } = new("--rlimit") { Description = "deterministic resource limit per query (Z3 rlimit); 0 or absent means no limit" };

    public Option<string?> EmitSmt2 { get; } = new("--emit-smt2") { Description = "write every query as SMT-LIB into this folder (created if missing)" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in new Option[] { GuestMode, GuestRing, Jobs, Timeout, ResourceLimit, EmitSmt2 })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The classifier options, or null after printing the usage error. A --jobs above the core count is clamped with a note.</summary>
    public ClassifierOptions? Read(ParseResult parse, CommandIo io, IReadOnlySet<string>? only = null)
    {
        if (Usage(parse) is { } usage)
        {
            io.Fail(ExitCodes.BadInput, usage);
            return null;
        }

        var jobs = parse.GetValue(Jobs) ?? Environment.ProcessorCount;
        if (jobs > Environment.ProcessorCount)
        {
            io.Error.WriteLine($"virt: note: --jobs {jobs} is more than the {Environment.ProcessorCount} cores; using {Environment.ProcessorCount}");
            jobs = Environment.ProcessorCount;
        }

        var timeout = parse.GetValue(Timeout) is var t && t == 0 ? SolverLimits.NoTimeout : t;
        var rlimit = parse.GetValue(ResourceLimit) is var r && r == 0 ? null : r;
        var limits = new SolverLimits(timeout, rlimit, parse.GetValue(EmitSmt2));
        var ring = parse.GetValue(GuestRing);
        return new ClassifierOptions(ring is { } n ? $"ring{n}" : parse.GetValue(GuestMode), jobs, limits, only, io.Cancellation);
    }

    /// <summary>Why the chosen guest mode cannot be used with this spec, or null.</summary>
    public string? CheckGuest(ParseResult parse, IsaSpec spec)
    {
        var choices = spec.Vmm.GuestSupervisorModeChoices.IsDefaultOrEmpty ? [spec.Vmm.GuestSupervisorMode] : spec.Vmm.GuestSupervisorModeChoices;
        var expected = $"expected one of {string.Join(", ", choices)}";
        if (parse.GetValue(GuestRing) is { } ring && spec.Modes.All(m => !m.Name.StartsWith("ring", StringComparison.Ordinal)))
        {
            return $"--guest-ring {ring}: {spec.Name} has no rings; use --guest-mode ({expected})";
        }

        var mode = parse.GetValue(GuestRing) is { } n ? $"ring{n}" : parse.GetValue(GuestMode);
        if (mode is null || choices.Contains(mode))
        {
            return null;
        }

        if (mode == spec.SupervisorMode)
        {
            return $"guest mode '{mode}' is {spec.Name}'s real supervisor mode, where the VMM itself runs: a guest there would not be deprivileged ({expected})";
        }

        return spec.FindMode(mode) is null
            ? $"{spec.Name} has no mode '{mode}': {expected}"
            : $"{spec.Name} does not run guest supervisor code in '{mode}': {expected}";
    }

    /// <summary>The SMT-LIB folder, created before the analysis starts, or why it cannot be.</summary>
    public string? CheckSmt2(ParseResult parse)
    {
        if (parse.GetValue(EmitSmt2) is not { } folder)
        {
            return null;
        }

        if (folder.Length == 0 || System.IO.File.Exists(folder))
        {
            return $"--emit-smt2 needs a folder{(folder.Length == 0 ? "" : $", and '{folder}' is a file")}: give a folder name (it is created if missing)";
        }

        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--emit-smt2: cannot create the folder '{folder}'{(e is UnauthorizedAccessException ? ": permission denied" : "")}; give a folder you can write to";
        }
    }

    private string? Usage(ParseResult parse)
    {
        var ring = parse.GetValue(GuestRing);
        if (ring is not null && parse.GetValue(GuestMode) is not null)
        {
            return "give either --guest-ring or --guest-mode, not both";
        }

        if (ring is not null and not (1 or 3))
        {
            return $"--guest-ring must be 1 or 3, not {ring}";
        }

        return parse.GetValue(Jobs) is < 1 and var jobs ? $"--jobs must be 1 or more, not {jobs}" : null;
    }
}
