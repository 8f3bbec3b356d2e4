using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// The hardware-assisted design (DESIGN.md §5): the trap-and-emulate obligations with the guest at its own
/// mode and the VM-execution controls (vmm.controls) fixed in the real state. An instruction's obligations
/// depend only on the controls its body reads, so each instruction is proved once per setting of those
/// (one or two controls at most in practice), and any setting's proof, or the search for a smallest
/// setting under which every obligation holds, is assembled from these without new queries.
/// </summary>
public static class HardwareProver
{
    public static SpecProof Prove(IsaSpec spec, ProverOptions options, IReadOnlyList<string>? controls)
    {
        RequireControls(spec);
        var requested = controls is null ? null : Setting(spec, controls);
        var classification = SpecClassifier.Classify(spec, options.Classifier with { GuestSupervisorMode = spec.SupervisorMode });
        var embedding = Embedding.Of(spec, spec.SupervisorMode);
        var reads = Reads(spec);
        var (table, statistics) = ProveAll(spec, options, embedding, classification, reads, requested);
        var search = requested is null ? ControlSearch.Smallest(spec, table, reads) : ControlSearch.Check(spec, table, reads, requested);
        var instructions = spec.Instructions.Select((instruction, i) => new InstructionProof(
            instruction.Name, instruction.Location, classification.Instructions[i].Class, false,
            table[i][search.Setting.Restricted(reads[i])], [])).ToImmutableArray();
        return new SpecProof(
            spec.Name, spec.File, VmmDesign.Hardware, spec.SupervisorMode, embedding.Describe(hardware: true),
            embedding.MemoryAssumption is { } a ? [a] : [], instructions, null, [], [], statistics)
        {
            Hardware = search,
        };
    }

    /// <summary>
    /// Every instruction's obligations under every setting of the controls its body reads: the hardware
    /// design's counterexamples, whichever setting a VMM chooses (what `virt check` replays).
    /// </summary>
    public static ImmutableArray<(InstructionDef Instruction, ControlSetting Setting, ImmutableArray<ObligationResult> Results)> EverySetting(IsaSpec spec, ProverOptions options)
    {
        RequireControls(spec);
        var classification = SpecClassifier.Classify(spec, options.Classifier with { GuestSupervisorMode = spec.SupervisorMode });
        var (table, _) = ProveAll(spec, options, Embedding.Of(spec, spec.SupervisorMode), classification, Reads(spec), null);
        return [.. table.SelectMany((results, i) => results.Select(r => (spec.Instructions[i], r.Key, r.Value)))];
    }

    /// <summary>The setting that sets the named controls (vmm.controls names) and clears the others.</summary>
    public static ControlSetting Setting(IsaSpec spec, IReadOnlyList<string> names)
    {
        RequireControls(spec);
        var declared = spec.Vmm.Embedding.Controls;
        var set = ImmutableHashSet.CreateBuilder<int>();
        foreach (var name in names)
        {
            var index = declared.Select(c => c.Name).ToList().IndexOf(name);
            if (index < 0)
            {
                throw new ProofSetupException($"unknown control '{name}': expected some of {string.Join(", ", declared.Select(c => c.Name))}");
            }

            set.Add(index);
        }

        return new ControlSetting(set.ToImmutable());
    }

    private static void RequireControls(IsaSpec spec)
    {
        if (spec.Vmm.Embedding.Controls.IsEmpty)
        {
            throw new ProofSetupException($"{spec.Name} declares no vmm.controls: --vmm hardware needs a spec with VM-execution controls (isa-specs/x86-32-vtx.yaml)");
        }
    }

    // The controls (positions in vmm.controls) each body reads, to the bit: a control that is a field of a
    // register the body reads other bits of (hstatus.VTW beside hstatus.SPV) does not split its proofs.
    private static ImmutableArray<ImmutableArray<int>> Reads(IsaSpec spec) =>
        [.. spec.Instructions.Select(i => BodyReads.Bits(i.Body, spec.Registers.Length)).Select(bits =>
            spec.Vmm.Embedding.Controls.Select((c, k) => (c, k)).Where(x => (bits[x.c.Register] >> x.c.Bit & 1) == 1).Select(x => x.k).ToImmutableArray())];

    // Every instruction under every setting of the controls it reads (only the requested one, if given).
    private static (ImmutableArray<ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>> Table, ProofStatistics Statistics) ProveAll(
        IsaSpec spec, ProverOptions options, Embedding embedding, SpecClassification classification, ImmutableArray<ImmutableArray<int>> reads, ControlSetting? requested)
    {
        var machine = new ConcreteMachine(spec);
        var table = new ImmutableDictionary<ControlSetting, ImmutableArray<ObligationResult>>[spec.Instructions.Length];
        var timings = new ConcurrentBag<double>();
        var next = -1;
        void Work()
        {
            for (var i = Interlocked.Increment(ref next); i < table.Length; i = Interlocked.Increment(ref next))
            {
                var settings = requested is null ? Subsets(reads[i]) : [requested.Restricted(reads[i])];
                var results = ImmutableDictionary.CreateBuilder<ControlSetting, ImmutableArray<ObligationResult>>();
                foreach (var setting in settings)
                {
                    using var z3 = new Context();
                    using var runner = new QueryRunner(z3, options.Classifier.EffectiveLimits, options.Cancellation);
                    results[setting] = new InstructionProver(z3, embedding, spec.Instructions[i], machine, runner)
                        .Prove(VmmDesign.Hardware, null, SpecProver.Innocuous(classification.Instructions[i]), setting);
                    foreach (var t in runner.Timings)
                    {
                        timings.Add(t.Milliseconds);
                    }
                }

                table[i] = results.ToImmutable();
            }
        }

        SpecClassifier.RunOnWorkers(options.Classifier.EffectiveJobs, Work, options.Cancellation);
        return (table.ToImmutableArray(), new ProofStatistics(timings.Count, timings.Sum(), classification.Statistics.Queries));
    }

    private static IEnumerable<ControlSetting> Subsets(ImmutableArray<int> controls) =>
        Enumerable.Range(0, 1 << controls.Length).Select(mask => new ControlSetting(controls.Where((_, k) => (mask >> k & 1) == 1).ToImmutableHashSet()));
}
