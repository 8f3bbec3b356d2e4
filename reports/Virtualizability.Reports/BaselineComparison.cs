using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>One difference from a baseline: what it concerns (an instruction or a theorem) and what happened.</summary>
public sealed record BaselineChange(string Subject, string Description)
{
    public override string ToString() => $"{Subject}: {Description}";
}

/// <summary>
/// An analysis compared with a baseline. A regression is a new critical instruction, or a theorem that held
/// and now does not (or is no longer known to); an improvement is the reverse. CI fails on regressions only.
/// </summary>
public sealed record BaselineComparison(ImmutableArray<BaselineChange> Regressions, ImmutableArray<BaselineChange> Improvements)
{
    public bool HasRegressions => Regressions.Length > 0;

    public static BaselineComparison Compare(Baseline old, SpecClassification now)
    {
        if (old.Isa != now.Isa)
        {
            throw new BaselineException($"the baseline is for ISA '{old.Isa}' but the analysis is of '{now.Isa}'");
        }

        var regressions = ImmutableArray.CreateBuilder<BaselineChange>();
        var improvements = ImmutableArray.CreateBuilder<BaselineChange>();
        CompareCritical(old, now, regressions, improvements);
        CompareTheorems(old, now, regressions, improvements);
        return new BaselineComparison(regressions.ToImmutable(), improvements.ToImmutable());
    }

    private static void CompareCritical(Baseline old, SpecClassification now, ImmutableArray<BaselineChange>.Builder regressions, ImmutableArray<BaselineChange>.Builder improvements)
    {
        var wasCritical = old.Critical.ToHashSet(StringComparer.Ordinal);
        foreach (var instruction in now.Instructions.Where(i => i.IsCritical && !wasCritical.Contains(i.Name)))
        {
            regressions.Add(new(instruction.Name, $"newly critical: {ReportText.Reason(instruction)}"));
        }

        var byName = now.Instructions.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var name in old.Critical)
        {
            // An instruction the solver can no longer decide has not improved; Theorem 1 shows the doubt.
            if (!byName.TryGetValue(name, out var instruction))
            {
                improvements.Add(new(name, "was critical, no longer in the spec"));
            }
            else if (!instruction.IsCritical && instruction.Class != InstructionClass.Unknown)
            {
                improvements.Add(new(name, $"was critical, now {ReportText.Word(instruction.Class)}"));
            }
        }
    }

    private static void CompareTheorems(Baseline old, SpecClassification now, ImmutableArray<BaselineChange>.Builder regressions, ImmutableArray<BaselineChange>.Builder improvements)
    {
        var yes = ReportText.Word(Answer.Yes);
        foreach (var before in old.Theorems)
        {
            var after = now.Theorems.FirstOrDefault(t => t.Theorem == before.Theorem) is { } verdict ? ReportText.Word(verdict.Holds) : ReportText.Word(Answer.Unknown);
            if (before.Holds == yes && after != yes)
            {
                regressions.Add(new(before.Theorem, $"held, now {after}"));
            }
            else if (before.Holds != yes && after == yes)
            {
                improvements.Add(new(before.Theorem, $"was {before.Holds}, now holds"));
            }
        }
    }
}
