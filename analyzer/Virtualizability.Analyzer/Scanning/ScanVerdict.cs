using System.Collections.Immutable;
using Iced.Intel;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.X86;

namespace Virtualizability.Analyzer.Scanning;

/// <summary>What the analysis of a spec says about one definition, in the words a finding needs.</summary>
public sealed record ScanVerdict(string Instruction, InstructionClass Class, bool Sensitive, string Kinds, string Reason)
{
    public static ImmutableArray<ScanVerdict> From(SpecClassification classification) =>
        classification.Instructions.Select(Of).ToImmutableArray();

    private static ScanVerdict Of(InstructionClassification i)
    {
        var kinds = new List<string>();
        if (i.ControlSensitive.Answer == Answer.Yes)
        {
            kinds.Add("control");
        }

        kinds.AddRange(i.BehaviorKinds.Where(k => k.Answer == Answer.Yes).Select(k => k.Property.Replace("-sensitive", "", StringComparison.Ordinal)));
        var witness = i.BehaviorSensitive.Witness ?? i.ControlSensitive.Witness ?? i.Privileged.Witness;
        var reason = witness?.Reason ?? i.Privileged.Explanation;
        return new ScanVerdict(i.Name, i.Class, i.IsSensitive, string.Join(", ", kinds), reason);
    }
}

/// <summary>Decoded instruction → verdict, through the spec's Code map: two array reads per instruction.</summary>
public sealed class VerdictTable
{
    private static readonly int CodeCount = Enum.GetValues<Code>().Length;
    private readonly ScanVerdict?[] _register = new ScanVerdict?[CodeCount];
    private readonly ScanVerdict?[] _memory = new ScanVerdict?[CodeCount];

    public VerdictTable(IsaSpec spec, IEnumerable<ScanVerdict> verdicts)
    {
        Spec = spec;
        var byName = verdicts.ToDictionary(v => v.Instruction, StringComparer.Ordinal);
        foreach (var claim in spec.CodeMap.Claims)
        {
            if (!byName.TryGetValue(claim.Instruction.Name, out var verdict))
            {
                throw new InvalidOperationException($"the analysis of {spec.Name} has no result for {claim.Instruction.Name}");
            }

            if (claim.Form != IcedForm.Memory)
            {
                _register[(int)claim.Code] = verdict;
            }

            if (claim.Form != IcedForm.Register)
            {
                _memory[(int)claim.Code] = verdict;
            }
        }
    }

    public IsaSpec Spec { get; }

    public ScanVerdict? Find(in Instruction instruction) =>
        IcedCodeMap.FormOf(instruction) == IcedForm.Memory ? _memory[(int)instruction.Code] : _register[(int)instruction.Code];
}
