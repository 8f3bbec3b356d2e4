using System.Collections.Immutable;
using System.CommandLine;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;
using Virtualizability.Reports.Checking;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// `virt check FILE`: the proofs against execution. With --program, a guest runs on bare metal and under the
/// chosen reference VMM and the two are compared; with --random N, single instructions run from random
/// start states; without either, every classification witness and proof counterexample is replayed.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "the ISA description (YAML)" };
        var program = new Option<string?>("--program") { Description = "a guest: NAME.guest.yaml, or a program (.bin machine code, else assembly text) with its manifest beside it" };
        var vmm = new Option<string>("--vmm") { Description = string.Join(", ", VmmDesigns.Names), DefaultValueFactory = _ => VmmDesigns.Names[0] };
        vmm.AcceptOnlyFromAmong(VmmDesigns.Names);
        var random = new Option<int?>("--random") { Description = "randomized differential runs: N random start states per instruction" };
        var seed = new Option<int>("--seed") { Description = "the seed of --random (default 1)", DefaultValueFactory = _ => 1 };
        var guestMode = new Option<string?>("--guest-mode") { Description = "the real mode that runs virtual supervisor code (default from the spec)" };
        var allocate = new Option<string?>("--allocate") { Description = "real control values the VMM asks for, NAME=VALUE[,NAME=VALUE] (REG or REG.FIELD)" };
        var steps = new Option<long?>("--steps") { Description = "the guest's step limit (default from its manifest)" };
        var controls = new Option<string?>("--controls") { Description = "hardware: the VM-execution controls to set, comma-separated (vmm.controls names); default: a smallest setting under which every obligation holds" };
        var cacheDir = new Option<string?>("--cache-dir") { Description = $"where analyses are cached (default {VerdictCache.DefaultDirectory})" };
        var format = new Option<string?>("--format", "-f") { Description = $"{string.Join(", ", ReportFormat.Proof)} (any case); default: from -o's extension, else table" };
        var path = new Option<string?>("--output", "-o") { Description = "write the report to this file instead of the terminal" };
        var command = new Command("check", "Check the proofs against execution: run a guest under a reference VMM, replay witnesses and counterexamples, or run random differential tests");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { program, vmm, random, seed, guestMode, allocate, steps, controls, cacheDir, format, path })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var io = new CommandIo(output, error, CancellationToken.None);
            var chosen = ReportFormat.Resolve(parse.GetValue(format), parse.GetValue(path), ReportFormat.Proof, out var formatProblem);
            if (formatProblem is not null)
            {
                return io.Fail(ExitCodes.BadInput, formatProblem);
            }

            if (!SpecLoader.TryLoad(parse.GetValue(file)!, out var spec, out var errors))
            {
                SpecErrors.Write(errors, error);
                return ExitCodes.BadInput;
            }

            var request = new CheckRequest(spec!, VmmDesigns.Parse(parse.GetValue(vmm)!)!.Value, parse.GetValue(program), parse.GetValue(random), parse.GetValue(seed),
                parse.GetValue(guestMode), parse.GetValue(allocate), parse.GetValue(steps), parse.GetValue(controls), parse.GetValue(cacheDir) ?? VerdictCache.DefaultDirectory);
            var report = Run(request, io, out var exit);
            if (report is null)
            {
                return exit;
            }

            var rendered = chosen switch
            {
                ReportFormat.Markdown => CheckMarkdownReport.Write(report),
                ReportFormat.Json => CheckJsonReport.Write(report),
                _ => CheckTextReport.Write(report),
            };
            return ReportOutput.Write(rendered, parse.GetValue(path), output, error)
                ? report.Passed ? ExitCodes.Success : ExitCodes.Findings
                : ExitCodes.BadInput;
        });
        return command;
    }

    private sealed record CheckRequest(IsaSpec Spec, VmmDesign Design, string? Program, int? Random, int Seed, string? GuestMode, string? Allocate, long? Steps, string? Controls, string CacheDirectory);

    private static CheckReport? Run(CheckRequest request, CommandIo io, out int exit)
    {
        exit = ExitCodes.BadInput;
        var spec = request.Spec;
        if (request.GuestMode is { } mode && spec.FindMode(mode) is null)
        {
            io.Fail(ExitCodes.BadInput, $"{spec.Name} has no mode '{mode}': expected one of {string.Join(", ", spec.Vmm.GuestSupervisorModeChoices)}");
            return null;
        }

        if (HardwareUsage(request) is { } usage)
        {
            io.Fail(ExitCodes.BadInput, usage);
            return null;
        }

        if (request.Program is not null && request.Random is not null)
        {
            io.Fail(ExitCodes.BadInput, "give --program or --random, not both");
            return null;
        }

        if (!Z3Environment.TryCheck(out var z3Problem))
        {
            io.Fail(ExitCodes.BadInput, $"Z3 is not usable: {z3Problem}");
            return null;
        }

        var allocations = ImmutableArray.CreateBuilder<StateAssignment>();
        foreach (var text in (request.Allocate ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (StateAssignment.Parse(spec, text, out var problem) is not { } assignment)
            {
                io.Fail(ExitCodes.BadInput, $"--allocate: {problem}");
                return null;
            }

            allocations.Add(assignment);
        }

        var options = new VmmOptions(request.Design)
        {
            GuestMode = request.GuestMode,
            Allocate = allocations.ToImmutable(),
            PatchSet = request.Design.Patches() ? PatchSet.Critical(spec, request.GuestMode, request.CacheDirectory) : [],
        };
        if (request.Design == VmmDesign.Hardware && (request.Program is not null || request.Random is not null || request.Controls is not null))
        {
            if (Controls(spec, request.Controls, io) is not { } setting)
            {
                return null;
            }

            options = options with { Controls = setting };
        }

        var report = request.Program is { } program ? CheckProgram(spec, program, options, request.Steps, io, out exit)
            : request.Random is { } runs ? new CheckReport(spec.Name, request.Design, null, [], RandomDifferential.Run(spec, options, Math.Max(1, runs), request.Seed))
            : new CheckReport(spec.Name, request.Design, null, Replay.All(spec, options), null);
        return report is null ? null : report with { Controls = options.Controls?.Names(spec) };
    }

    private static string? HardwareUsage(CheckRequest request) =>
        request.Design != VmmDesign.Hardware
            ? request.Controls is null ? null : "--controls applies to --vmm hardware only"
            : request.Spec.Vmm.Embedding.Controls.IsEmpty
                ? $"{request.Spec.Name} declares no vmm.controls: --vmm hardware needs a spec with VM-execution controls (isa-specs/x86-32-vtx.yaml)"
                : null;

    // The setting asked for, or a smallest one under which every obligation of the hardware design holds.
    private static ControlSetting? Controls(IsaSpec spec, string? asked, CommandIo io)
    {
        try
        {
            if (asked is not null)
            {
                return HardwareProver.Setting(spec, asked.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            return HardwareProver.Prove(spec, new ProverOptions(VmmDesign.Hardware), null).Hardware!.Setting;
        }
        catch (ProofSetupException e)
        {
            io.Fail(ExitCodes.BadInput, $"--controls: {e.Message}");
            return null;
        }
    }

    private static CheckReport? CheckProgram(IsaSpec spec, string program, VmmOptions options, long? steps, CommandIo io, out int exit)
    {
        exit = ExitCodes.BadInput;
        Guest guest;
        try
        {
            guest = GuestLoader.Load(new ConcreteMachine(spec), program);
        }
        catch (GuestException e)
        {
            io.Fail(ExitCodes.BadInput, e.Message);
            return null;
        }

        if (steps is { } limit)
        {
            guest = guest.WithSteps(limit);
        }

        return new CheckReport(spec.Name, options.Design, DifferentialRun.Run(guest, options), [], null);
    }
}
