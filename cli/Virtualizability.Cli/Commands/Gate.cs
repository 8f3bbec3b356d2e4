using Virtualizability.Analyzer.Classification;
using Virtualizability.Reports;

namespace Virtualizability.Cli.Commands;

/// <summary>
/// Exit codes from an analysis, with or without a baseline. A gate never passes on doubt: a failed claim
/// fails it (1), and an answer that turned unknown keeps it from passing (3).
/// </summary>
internal static class Gate
{
    /// <summary>
    /// 1 when the machine is not virtualizable or a claim failed; 3 when unknowns leave the verdict or a
    /// claim open (an undecided claim is reported, not failed).
    /// </summary>
    public static int VerdictExitCode(SpecClassification result, CommandIo io, bool printClaims)
    {
        if (printClaims)
        {
            PrintClaims(result, io.Error);
        }

        var theorem1 = result.Theorems.First(t => t.Theorem == "Theorem 1");
        return theorem1.Holds == Answer.No || result.FailedClaims.Any() ? ExitCodes.Findings
            : theorem1.Holds == Answer.Unknown || result.UndecidedClaims.Any() ? ExitCodes.Unknown
            : ExitCodes.Success;
    }

    /// <summary>Compares, or prints why the baseline does not fit this run (another ISA or VMM configuration).</summary>
    public static bool TryCompare(Baseline old, SpecClassification result, CommandIo io, out BaselineComparison? comparison)
    {
        try
        {
            comparison = BaselineComparison.Compare(old, result);
            return true;
        }
        catch (BaselineException e)
        {
            comparison = null;
            io.Fail(ExitCodes.BadInput, e.Message);
            return false;
        }
    }

    /// <summary>1 on a regression or a failed claim, else 3 on an unknown answer or undecided claim, else 0.</summary>
    public static int GateExitCode(BaselineComparison comparison, SpecClassification result, string baselinePath, CommandIo io, bool printClaims)
    {
        foreach (var change in comparison.Regressions)
        {
            io.Error.WriteLine($"worse than the baseline: {change}");
        }

        foreach (var change in comparison.Unknowns)
        {
            io.Error.WriteLine($"unknown, so the gate cannot pass: {change}");
        }

        foreach (var change in comparison.Improvements)
        {
            io.Error.WriteLine($"better than the baseline: {change}");
        }

        if (printClaims)
        {
            PrintClaims(result, io.Error);
        }

        if (comparison.IsUnchanged && !result.FailedClaims.Any() && !result.UndecidedClaims.Any())
        {
            var critical = result.Instructions.Count(i => i.IsCritical);
            io.Error.WriteLine($"virt: unchanged from the baseline {baselinePath}: {critical} critical instruction(s), the same verdicts");
        }

        return comparison.HasRegressions || result.FailedClaims.Any() ? ExitCodes.Findings
            : comparison.HasUnknowns || result.UndecidedClaims.Any() ? ExitCodes.Unknown
            : ExitCodes.Success;
    }

    public static void PrintClaims(SpecClassification result, TextWriter error)
    {
        foreach (var (instruction, claim) in result.Instructions.SelectMany(i => i.Claims.Where(c => c.Fails).Select(c => (i, c))))
        {
            error.WriteLine($"{ReportText.Location(claim.Location)}: claim '{claim.Claim}' does not hold: the analysis finds {instruction.Name} {ReportText.Word(instruction.Class)}");
        }

        foreach (var (instruction, claim) in result.Instructions.SelectMany(i => i.Claims.Where(c => c.Status == ClaimStatus.Undecided).Select(c => (i, c))))
        {
            error.WriteLine($"{ReportText.Location(claim.Location)}: claim '{claim.Claim}' is undecided for {instruction.Name}: {ReportText.UndecidedText(instruction)["but ".Length..]}");
        }
    }
}
