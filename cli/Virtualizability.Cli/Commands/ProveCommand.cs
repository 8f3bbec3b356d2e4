using System.CommandLine;
using System.Diagnostics;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports.Proving;

namespace Virtualizability.Cli.Commands;

/// <summary>`virt prove FILE --vmm DESIGN`: the VMM obligations of a design, proved or refuted with Z3.</summary>
internal static class ProveCommand
{
    public static Command Create(CommandIo io)
    {
        var (output, error) = (io.Output, io.Error);
        var shared = new AnalyzeOptions();
        var vmm = new Option<string>("--vmm") { Description = string.Join(", ", VmmDesigns.Names), Required = true };
        vmm.AcceptOnlyFromAmong(VmmDesigns.Names);
        var format = new Option<string?>("--format", "-f") { Description = $"{string.Join(", ", ReportFormat.Proof)} (any case); default: from -o's extension, else table" };
        var path = new Option<string?>("--output", "-o") { Description = "write the report to this file instead of the terminal" };
        var controls = new Option<string?>("--controls") { Description = "hardware: the VM-execution controls to set, comma-separated (vmm.controls names)" };
        var synthesize = new Option<bool>("--synthesize-controls") { Description = "hardware: find a smallest control setting under which every obligation holds" };
        var command = new Command("prove", "Prove or refute the VMM obligations (equivalence, resource control, efficiency) of a design");
        shared.AddTo(command);
        command.Options.Add(vmm);
        command.Options.Add(format);
        command.Options.Add(path);
        command.Options.Add(controls);
        command.Options.Add(synthesize);
        command.SetAction(parse =>
        {
            if (shared.Read(parse, io) is not { } classifier)
            {
                return ExitCodes.BadInput;
            }

            var chosen = ReportFormat.Resolve(parse.GetValue(format), parse.GetValue(path), ReportFormat.Proof, out var formatProblem);
            if (formatProblem is not null)
            {
                error.WriteLine($"virt: {formatProblem}");
                return ExitCodes.BadInput;
            }

            var design = VmmDesigns.Parse(parse.GetValue(vmm)!)!.Value;
            var asked = parse.GetValue(controls);
            if (HardwareUsage(design, asked, parse.GetValue(synthesize)) is { } problem)
            {
                error.WriteLine($"virt: {problem}");
                return ExitCodes.BadInput;
            }

            var options = new ProverOptions(design, classifier.GuestSupervisorMode, classifier.Jobs, classifier.Limits)
            {
                Controls = asked?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Cancellation = io.Cancellation,
            };
            var watch = Stopwatch.StartNew();
            var toTerminal = chosen == ReportFormat.Table && parse.GetValue(path) is null;
            var (proof, exit) = Run(parse.GetValue(shared.File)!, options, toTerminal ? TextWriter.Null : error, error);
            if (proof is null)
            {
                return exit;
            }

            var rendered = chosen switch
            {
                ReportFormat.Markdown => ProofMarkdownReport.Write(proof),
                ReportFormat.Json => ProofJsonReport.Write(proof),
                ReportFormat.Html => Reports.Html.ProofHtmlReport.Write(proof),
                _ => ProofTextReport.Write(proof, watch.Elapsed.TotalSeconds),
            };
            return ReportOutput.Write(rendered, parse.GetValue(path), output, error) ? proof.ExitCode : ExitCodes.BadInput;
        });
        return command;
    }

    private static string? HardwareUsage(VmmDesign design, string? controls, bool synthesize) =>
        design != VmmDesign.Hardware && (controls is not null || synthesize) ? "--controls and --synthesize-controls apply to --vmm hardware only"
        : design == VmmDesign.Hardware && controls is not null && synthesize ? "give either --controls or --synthesize-controls, not both"
        : design == VmmDesign.Hardware && controls is null && !synthesize ? "--vmm hardware needs --controls a,b,... or --synthesize-controls"
        : null;

    // progress: where a run that writes a file or a pipe says what it is doing (otherwise silent for a while).
    private static (SpecProof? Proof, int ExitCode) Run(string file, ProverOptions options, TextWriter progress, TextWriter error)
    {
        if (!SpecLoader.TryLoad(file, out var spec, out var errors))
        {
            SpecErrors.Write(errors, error);
            return (null, ExitCodes.BadInput);
        }

        if (!Z3Environment.TryCheck(out var problem))
        {
            error.WriteLine($"virt: Z3 is not usable: {problem}");
            return (null, ExitCodes.BadInput);
        }

        if (options.GuestSupervisorMode is { } guest && spec!.FindMode(guest) is null)
        {
            error.WriteLine($"virt: {spec.Name} has no mode '{guest}': expected one of {string.Join(", ", spec.Vmm.GuestSupervisorModeChoices)}");
            return (null, ExitCodes.BadInput);
        }

        try
        {
            progress.WriteLine($"virt: proving {spec!.Name} --vmm {options.Design.Name()}: {spec.Instructions.Length} instructions on {options.Classifier.EffectiveJobs} worker(s)");
            return (SpecProver.Prove(spec, options), ExitCodes.Success);
        }
        catch (WitnessReplayException e)
        {
            error.WriteLine($"virt: internal error: {e.Message}");
            return (null, ExitCodes.InternalError);
        }
        catch (SpecException e)
        {
            SpecErrors.Write(e.Diagnostics, error);
            return (null, ExitCodes.BadInput);
        }
        catch (PremiseUnknownException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return (null, ExitCodes.Unknown);
        }
        catch (ProofSetupException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return (null, ExitCodes.BadInput);
        }
    }
}
