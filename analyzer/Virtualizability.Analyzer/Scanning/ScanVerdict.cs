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
        : this(spec.Name, spec.File)
    {
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

    private VerdictTable(string specName, string specFile)
    {
        SpecName = specName;
        SpecFile = specFile;
    }

    public string SpecName { get; }

    public string SpecFile { get; }

    public ScanVerdict? Find(in Instruction instruction) =>
        IcedCodeMap.FormOf(instruction) == IcedForm.Memory ? _memory[(int)instruction.Code] : _register[(int)instruction.Code];

    /// <summary>
    /// The table alone, without the spec it came from: its verdicts, then per claimed Code the verdict of
    /// each form. Codes are written as numbers: the cache key covers the Iced build that numbered them.
    /// </summary>
    public void WriteTo(BinaryWriter writer)
    {
        var verdicts = _register.Concat(_memory).OfType<ScanVerdict>().Distinct().ToList();
        var index = verdicts.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        writer.Write(SpecName);
        writer.Write(SpecFile);
        writer.Write(verdicts.Count);
        foreach (var v in verdicts)
        {
            writer.Write(v.Instruction);
            writer.Write(v.Class.ToString());
            writer.Write(v.Sensitive);
            writer.Write(v.Kinds);
            writer.Write(v.Reason);
        }

        var codes = Enumerable.Range(0, CodeCount).Where(c => _register[c] is not null || _memory[c] is not null).ToList();
        writer.Write(codes.Count);
        foreach (var c in codes)
        {
            writer.Write(c);
            writer.Write(_register[c] is { } r ? index[r] : -1);
            writer.Write(_memory[c] is { } m ? index[m] : -1);
        }
    }

    /// <summary>
    /// A table written by <see cref="WriteTo"/>, for the spec at <paramref name="specFile"/> as this run
    /// names it (the run that wrote the entry may have spelled the path otherwise); throws
    /// <see cref="InvalidDataException"/> on anything else.
    /// </summary>
    public static VerdictTable ReadFrom(BinaryReader reader, string specFile)
    {
        var specName = reader.ReadString();
        _ = reader.ReadString();
        var table = new VerdictTable(specName, specFile);
        var verdicts = new ScanVerdict[reader.ReadInt32()];
        for (var i = 0; i < verdicts.Length; i++)
        {
            verdicts[i] = new ScanVerdict(reader.ReadString(), Parse<InstructionClass>(reader.ReadString()), reader.ReadBoolean(), reader.ReadString(), reader.ReadString());
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var code = reader.ReadInt32();
            if (code < 0 || code >= CodeCount)
            {
                throw new InvalidDataException($"Code {code} out of range");
            }

            table._register[code] = At(verdicts, reader.ReadInt32());
            table._memory[code] = At(verdicts, reader.ReadInt32());
        }

        return table;
    }

    private static T Parse<T>(string name)
        where T : struct, Enum =>
        Enum.TryParse<T>(name, out var value) ? value : throw new InvalidDataException($"no {typeof(T).Name} named '{name}'");

    private static ScanVerdict? At(ScanVerdict[] verdicts, int index) =>
        index == -1 ? null : index >= 0 && index < verdicts.Length ? verdicts[index] : throw new InvalidDataException($"verdict {index} out of range");
}
