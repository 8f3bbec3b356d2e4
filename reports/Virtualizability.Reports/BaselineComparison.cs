using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports;

/// <summary>One difference from a baseline: what it concerns (an instruction or a theorem) and what happened.</summary>
public sealed record BaselineChange(string Subject, string Description)
{
    public override string ToString() => $"{Subject}: {Description}";
}

/// <summary>How a critical finding relates to the baseline, in SARIF's words.</summary>
public enum BaselineState
{
    New,
    Unchanged,
    Updated,
    Absent,
}

/// <summary>
/// An analysis compared with a baseline. A regression is a new critical instruction, or a theorem that held
/// and now does not; an improvement is the reverse. An answer that turned unknown is neither: it is doubt,
/// listed on its own so that a gate never passes on it. CI fails on regressions and on doubt.
/// </summary>
public sealed record BaselineComparison(
    ImmutableArray<BaselineChange> Regressions,
    ImmutableArray<BaselineChange> Improvements,
    ImmutableArray<BaselineChange> Unknowns,
    ImmutableDictionary<string, BaselineState> CriticalStates)
{
    public bool HasRegressions => Regressions.Length > 0;

    public bool HasUnknowns => Unknowns.Length > 0;

    public bool IsUnchanged => Regressions.IsEmpty && Improvements.IsEmpty && Unknowns.IsEmpty
        && CriticalStates.Values.All(s => s == BaselineState.Unchanged);

    /// <summary>Throws <see cref="BaselineException"/> when the two cannot be compared: another ISA or another VMM configuration.</summary>
    public static BaselineComparison Compare(Baseline old, SpecClassification now)
    {
        if (old.Isa != now.Isa)
        {
            throw new BaselineException($"the baseline is for ISA '{old.Isa}' but the analysis is of '{now.Isa}'");
        }

        var configuration = VmmConfiguration.Of(now);
        if (old.Configuration != configuration)
        {
            throw new BaselineException($"the baseline was made under another VMM configuration: baseline: {old.Configuration}; this run: {configuration}");
        }

        var regressions = ImmutableArray.CreateBuilder<BaselineChange>();
        var improvements = ImmutableArray.CreateBuilder<BaselineChange>();
        var unknowns = ImmutableArray.CreateBuilder<BaselineChange>();
        var states = CompareCritical(old, now, regressions, improvements, unknowns);
        CompareTheorems(old, now, regressions, improvements, unknowns);
        return new BaselineComparison(regressions.ToImmutable(), improvements.ToImmutable(), unknowns.ToImmutable(), states);
    }

    private static ImmutableDictionary<string, BaselineState> CompareCritical(
        Baseline old, SpecClassification now, ImmutableArray<BaselineChange>.Builder regressions,
        ImmutableArray<BaselineChange>.Builder improvements, ImmutableArray<BaselineChange>.Builder unknowns)
    {
        var states = ImmutableDictionary.CreateBuilder<string, BaselineState>(StringComparer.Ordinal);
        var was = old.Critical.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var wasUnknown = old.Unknown.ToHashSet(StringComparer.Ordinal);
        foreach (var instruction in now.Instructions)
        {
            var before = was.GetValueOrDefault(instruction.Name);
            if (instruction.IsCritical)
            {
                var reason = ReportText.Reason(instruction);
                states[instruction.Name] = before is null ? BaselineState.New : before.Reason == reason ? BaselineState.Unchanged : BaselineState.Updated;
                if (before is null)
                {
                    regressions.Add(new(instruction.Name, $"newly critical: {reason}"));
                }
            }
            else if (instruction.Class == InstructionClass.Unknown)
            {
                // Doubt is never an improvement, and a baseline that knew the instruction critical must not
                // lose it silently.
                var past = before is not null ? "was critical" : wasUnknown.Contains(instruction.Name) ? "was unknown" : "was not critical";
                unknowns.Add(new(instruction.Name, $"{past}, now unknown ({ReportText.Reason(instruction)})"));
            }
            else if (before is not null)
            {
                states[instruction.Name] = BaselineState.Absent;
                improvements.Add(new(instruction.Name, $"was critical, now {ReportText.Word(instruction.Class)}"));
            }
        }

        foreach (var name in was.Keys.Where(n => now.Instructions.All(i => i.Name != n)))
        {
            states[name] = BaselineState.Absent;
            improvements.Add(new(name, "was critical, no longer in the spec"));
        }

        return states.ToImmutable();
    }

    private static void CompareTheorems(
        Baseline old, SpecClassification now, ImmutableArray<BaselineChange>.Builder regressions,
        ImmutableArray<BaselineChange>.Builder improvements, ImmutableArray<BaselineChange>.Builder unknowns)
    {
        var yes = ReportText.Word(Answer.Yes);
        var unknown = ReportText.Word(Answer.Unknown);
        foreach (var before in old.Theorems)
        {
            var after = now.Theorems.FirstOrDefault(t => t.Theorem == before.Theorem) is { } verdict ? ReportText.Word(verdict.Holds) : unknown;
            if (after == before.Holds)
            {
                continue;
            }

            if (after == unknown)
            {
                unknowns.Add(new(before.Theorem, $"was {before.Holds}, now unknown"));
            }
            else if (before.Holds == yes)
            {
                regressions.Add(new(before.Theorem, $"held, now {after}"));
            }
            else if (after == yes)
            {
                improvements.Add(new(before.Theorem, $"was {before.Holds}, now holds"));
            }
        }
    }
}
