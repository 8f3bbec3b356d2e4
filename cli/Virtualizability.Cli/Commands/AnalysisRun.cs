using Virtualizability.Analyzer.Solving;
using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Cli.Commands;

/// <summary>Loads a spec and classifies it, with progress on a terminal; every failure becomes an exit code.</summary>
internal static class AnalysisRun
{
    public static (SpecClassification? Result, int ExitCode) Run(string path, ClassifierOptions options, TextWriter error, bool showProgress)
    {
        if (!SpecLoader.TryLoad(path, out var spec, out var errors))
        {
            SpecErrors.Write(errors, error);
            return (null, ExitCodes.BadInput);
        }

        if (!Z3Environment.TryCheck(out var problem))
        {
            error.WriteLine($"virt: Z3 is not usable: {problem}");
            return (null, ExitCodes.BadInput);
        }

        var guest = options.GuestSupervisorMode;
        if (guest is not null && spec!.FindMode(guest) is null)
        {
            error.WriteLine($"virt: {spec.Name} has no mode '{guest}': expected one of {string.Join(", ", spec.Vmm.GuestSupervisorModeChoices)}");
            return (null, ExitCodes.BadInput);
        }

        try
        {
            return (showProgress ? WithProgress(spec!, options) : SpecClassifier.Classify(spec!, options), ExitCodes.Success);
        }
        catch (WitnessReplayException e)
        {
            // The concrete and symbolic readings of the spec disagree: never reported as a result.
            error.WriteLine($"virt: internal error: {e.Message}");
            return (null, ExitCodes.InternalError);
        }
        catch (SpecException e)
        {
            // A premise of the questions is unsatisfiable (invariants, Φ and a mode): answers would be vacuous.
            SpecErrors.Write(e.Diagnostics, error);
            return (null, ExitCodes.BadInput);
        }
        catch (PremiseUnknownException e)
        {
            error.WriteLine($"virt: {e.Message}");
            return (null, ExitCodes.Unknown);
        }
    }

    private static SpecClassification WithProgress(IsaSpec spec, ClassifierOptions options)
    {
        SpecClassification? result = null;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask($"classifying {spec.Instructions.Length} instructions", maxValue: spec.Instructions.Length);
            result = SpecClassifier.Classify(spec, options, new Progress<string>(_ => task.Increment(1)));
        });
        return result!;
    }
}
