using Spectre.Console;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>Loads a spec and classifies it, with progress on a terminal; every failure becomes an exit code.</summary>
internal static class AnalysisRun
{
    /// <summary>The spec, or null after printing its errors. An empty path or "-" is named as such, not as a .NET exception.</summary>
    public static IsaSpec? Load(string path, TextWriter error)
    {
        if (path.Length == 0)
        {
            error.WriteLine("virt: the spec file name is empty: give the path of a YAML ISA description");
            return null;
        }

        if (SpecLoader.TryLoad(path, out var spec, out var errors))
        {
            return spec;
        }

        SpecErrors.Write(errors, error);
        return null;
    }

    /// <summary>Loads and classifies: the spec's errors and any failure become an exit code.</summary>
    public static (SpecClassification? Result, int ExitCode) Run(string path, ClassifierOptions options, TextWriter error, bool showProgress) =>
        Load(path, error) is { } spec
            ? Classify(spec, options, new CommandIo(TextWriter.Null, error, options.Cancellation), showProgress)
            : (null, ExitCodes.BadInput);

    public static (SpecClassification? Result, int ExitCode) Classify(IsaSpec spec, ClassifierOptions options, CommandIo io, bool showProgress)
    {
        if (!Z3Environment.TryCheck(out var problem))
        {
            return (null, io.Fail(ExitCodes.BadInput, $"Z3 is not usable: {problem}"));
        }

        try
        {
            return (showProgress ? WithProgress(spec, options) : SpecClassifier.Classify(spec, options), ExitCodes.Success);
        }
        catch (WitnessReplayException e)
        {
            // The concrete and symbolic readings of the spec disagree: never reported as a result.
            return (null, io.Fail(ExitCodes.InternalError, $"internal error: {e.Message}"));
        }
        catch (SpecException e)
        {
            // A premise of the questions is unsatisfiable (invariants, Φ and a mode): answers would be vacuous.
            SpecErrors.Write(e.Diagnostics, io.Error);
            return (null, ExitCodes.BadInput);
        }
        catch (PremiseUnknownException e)
        {
            return (null, io.Fail(ExitCodes.Unknown, e.Message));
        }
    }

    /// <summary>What the reports record to make the run reproducible.</summary>
    public static RunMetadata Metadata(IsaSpec spec, ClassifierOptions options) => new(
        RunMetadata.CurrentToolVersion,
        Z3Environment.Z3Version,
        SpecSources.ContentHash(spec),
        options.EffectiveLimits.TimeoutMilliseconds,
        options.EffectiveLimits.ResourceLimit,
        options.Only is { } only ? [.. spec.Instructions.Select(i => i.Name).Where(only.Contains)] : default);

    private static SpecClassification WithProgress(IsaSpec spec, ClassifierOptions options)
    {
        SpecClassification? result = null;
        var count = options.Only?.Count ?? spec.Instructions.Length;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask($"classifying {count} instructions", maxValue: count);
            result = SpecClassifier.Classify(spec, options, new Progress<string>(_ => task.Increment(1)));
        });
        return result!;
    }
}
