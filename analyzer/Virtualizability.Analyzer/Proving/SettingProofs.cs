using System.Collections.Concurrent;
using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Each instruction's hardware obligations per setting of the controls its body reads, proved when first
/// asked for and kept. A search for a smallest setting asks only for the settings it tries (a spec whose
/// empty setting holds is proved once per instruction, not once per subset of its controls), and a
/// control's need is proved from the setting without it, whether that setting was searched or asked for.
/// The settings wanted together are proved on the workers together.
/// </summary>
internal sealed class SettingProofs(IsaSpec spec, ProverOptions options, Embedding embedding, SpecClassification classification)
{
    private readonly ConcreteMachine machine = new(spec);
    private readonly ConcurrentDictionary<(int Instruction, ControlSetting Setting), ImmutableArray<ObligationResult>> proved = new();
    private readonly ConcurrentBag<double> timings = [];

    /// <summary>The controls (positions in vmm.controls) each instruction's body reads.</summary>
    public ImmutableArray<ImmutableArray<int>> Reads { get; } = ControlReads(spec);

    public int Count => spec.Instructions.Length;

    public ProofStatistics Statistics => new(timings.Count, timings.Sum(), classification.Statistics.Queries);

    /// <summary>The instruction's obligations under the setting (as far as its body reads the controls).</summary>
    public ImmutableArray<ObligationResult> Of(int instruction, ControlSetting setting)
    {
        Prove([(instruction, setting)]);
        return proved[Key(instruction, setting)];
    }

    /// <summary>Every instruction's obligations under the setting, proved on the workers together.</summary>
    public ImmutableArray<ImmutableArray<ObligationResult>> Under(ControlSetting setting)
    {
        Prove(Enumerable.Range(0, Count).Select(i => (i, setting)));
        return [.. Enumerable.Range(0, Count).Select(i => proved[Key(i, setting)])];
    }

    /// <summary>The settings of the controls the instruction reads: every one an embedding can differ in.</summary>
    public IEnumerable<ControlSetting> SettingsOf(int instruction) =>
        Enumerable.Range(0, 1 << Reads[instruction].Length).Select(mask =>
            new ControlSetting(Reads[instruction].Where((_, k) => (mask >> k & 1) == 1).ToImmutableHashSet()));

    /// <summary>Proves, on the workers, those of the wanted (instruction, setting) pairs not proved yet.</summary>
    public void Prove(IEnumerable<(int Instruction, ControlSetting Setting)> wanted)
    {
        var missing = wanted.Select(w => Key(w.Instruction, w.Setting)).Distinct().Where(k => !proved.ContainsKey(k)).ToArray();
        SpecClassifier.RunOnWorkers(options.Classifier.EffectiveJobs, missing.Length, k =>
        {
            var (instruction, setting) = missing[k];
            proved[missing[k]] = SpecProver.InOwnContext(options, embedding, spec.Instructions[instruction], machine, timings, prover =>
                prover.Prove(VmmDesign.Hardware, null, SpecProver.Innocuous(classification.Instructions[instruction]), setting));
        }, options.Cancellation);
    }

    private (int Instruction, ControlSetting Setting) Key(int instruction, ControlSetting setting) =>
        (instruction, setting.Restricted(Reads[instruction]));

    // The controls each body reads, to the bit: a control that is a field of a register the body reads
    // other bits of (hstatus.VTW beside hstatus.SPV) does not split its proofs.
    private static ImmutableArray<ImmutableArray<int>> ControlReads(IsaSpec spec) =>
        [.. spec.Instructions.Select(i => BodyReads.Bits(i.Body, spec.Registers.Length)).Select(bits =>
            spec.Vmm.Embedding.Controls.Select((c, k) => (c, k)).Where(x => (bits[x.c.Register] >> x.c.Bit & 1) == 1).Select(x => x.k).ToImmutableArray())];
}
