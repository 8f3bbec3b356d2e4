using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;

namespace Virtualizability.Reports.Comparison;

/// <summary>
/// Lines up the instructions of several analyses. Two instructions of different ISAs are the same row when
/// they have the same name (ignoring case) or claim a common Iced <c>Code</c>, and rows are closed under
/// that: x86-32's SGDT and x86-64's SGDT meet by name even where their Codes differ, and an instruction
/// renamed in a variant still meets its base by Code. Nothing here knows a spec's names.
/// </summary>
public static class ComparisonBuilder
{
    public static IsaComparison Build(IReadOnlyList<ComparedIsa> isas)
    {
        var members = isas.SelectMany((isa, s) => isa.Analysis.Instructions.Select((_, i) => (Spec: s, Index: i))).ToList();
        var groups = new DisjointSets(members.Count);
        var matched = new MatchedBy[members.Count];
        JoinOn(members, groups, matched, m => [isas[m.Spec].Analysis.Instructions[m.Index].Name.ToUpperInvariant()], MatchedBy.Name);
        JoinOn(members, groups, matched, m => isas[m.Spec].Analysis.Instructions[m.Index].IcedCodes, MatchedBy.IcedCode);

        var rows = Enumerable.Range(0, members.Count)
            .GroupBy(groups.Find)
            .OrderBy(g => g.Min())
            .Select(g => Row(isas, g.Select(i => members[i]).ToList(), g.Aggregate(MatchedBy.Alone, (m, i) => m | matched[i])))
            .ToImmutableArray();
        return new IsaComparison([.. isas], rows);
    }

    // Members that share a key (from different ISAs) join one row; each records how it was matched.
    private static void JoinOn(List<(int Spec, int Index)> members, DisjointSets groups, MatchedBy[] matched, Func<(int Spec, int Index), IEnumerable<string>> keys, MatchedBy how)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < members.Count; m++)
        {
            foreach (var key in keys(members[m]))
            {
                if (!first.TryGetValue(key, out var other))
                {
                    first[key] = m;
                }
                else if (members[other].Spec != members[m].Spec)
                {
                    groups.Union(other, m);
                    matched[other] |= how;
                    matched[m] |= how;
                }
            }
        }
    }

    private static ComparisonRow Row(IReadOnlyList<ComparedIsa> isas, List<(int Spec, int Index)> members, MatchedBy matchedBy)
    {
        var cells = Enumerable.Range(0, isas.Count)
            .Select(s => members.Where(m => m.Spec == s).Select(m => Instruction(isas[s].Analysis.Instructions[m.Index])).ToImmutableArray())
            .ToImmutableArray();
        var first = isas[members[0].Spec].Analysis.Instructions[members[0].Index];
        var row = new ComparisonRow(first.Name, matchedBy, cells, "");
        return row with { Note = Note(isas, row) };
    }

    private static ComparedInstruction Instruction(InstructionClassification i) => new(i.Name, i.Class, ReportText.Reason(i));

    /// <summary>
    /// Where the ISAs disagree, which ISAs give which class ("critical: x86-32; privileged: x86-32-umip"),
    /// so a reader sees which holes an extension closes; where it is critical everywhere, why.
    /// </summary>
    private static string Note(IReadOnlyList<ComparedIsa> isas, ComparisonRow row)
    {
        var present = Enumerable.Range(0, isas.Count).Where(s => row.ClassIn(s) is not null).ToList();
        var byClass = present.GroupBy(s => row.ClassIn(s)!.Value).OrderByDescending(g => ComparisonRow.Severity(g.Key)).ToList();
        if (byClass.Count > 1)
        {
            return string.Join("; ", byClass.Select(g => $"{ReportText.Word(g.Key)} in {string.Join(", ", g.Select(s => isas[s].Name))}"));
        }

        return byClass.Count == 1 && byClass[0].Key == InstructionClass.Critical
            ? $"critical wherever it exists: {row.Cells[present[0]][0].Reason}"
            : "";
    }
}

/// <summary>Union–find over member indices, with path halving.</summary>
internal sealed class DisjointSets(int count)
{
    private readonly int[] _parent = Enumerable.Range(0, count).ToArray();

    public int Find(int member)
    {
        while (_parent[member] != member)
        {
            _parent[member] = _parent[_parent[member]];
            member = _parent[member];
        }

        return member;
    }

    // The smaller index becomes the root, so a row's label is its earliest instruction whatever the order of joins.
    public void Union(int a, int b)
    {
        var (ra, rb) = (Find(a), Find(b));
        if (ra != rb)
        {
            _parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
