using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// The hardware-assisted design (DESIGN.md §5): the trap-and-emulate obligations with the guest at its own
/// mode and the VM-execution controls (vmm.controls) fixed in the real state. An instruction's obligations
/// depend only on the controls its body reads, so each instruction is proved at most once per setting of
/// those (<see cref="SettingProofs"/>), and only for the settings a proof or a search asks about.
/// </summary>
public static class HardwareProver
{
    public static SpecProof Prove(IsaSpec spec, ProverOptions options, IReadOnlyList<string>? controls)
    {
        RequireControls(spec);
        var requested = controls is null ? null : Setting(spec, controls);
        var classification = SpecClassifier.Classify(spec, options.Classifier with { GuestSupervisorMode = spec.SupervisorMode });
        var embedding = Embedding.Of(spec, spec.SupervisorMode);
        var proofs = new SettingProofs(spec, options, embedding, classification);
        var search = requested is null ? ControlSearch.Smallest(spec, proofs) : ControlSearch.Check(spec, proofs, requested);
        var results = proofs.Under(search.Setting);
        var instructions = spec.Instructions.Select((instruction, i) => new InstructionProof(
            instruction.Name, instruction.Location, classification.Instructions[i].Class, false, results[i], [])).ToImmutableArray();
        return new SpecProof(
            spec.Name, spec.File, VmmDesign.Hardware, spec.SupervisorMode, embedding.Describe(hardware: true),
            embedding.MemoryAssumption is { } a ? [a] : [], instructions, null, [], [], proofs.Statistics)
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
        var proofs = new SettingProofs(spec, options, Embedding.Of(spec, spec.SupervisorMode), classification);
        var every = Enumerable.Range(0, proofs.Count).SelectMany(i => proofs.SettingsOf(i).Select(setting => (i, setting))).ToList();
        proofs.Prove(every);
        return [.. every.Select(x => (spec.Instructions[x.i], x.setting, proofs.Of(x.i, x.setting)))];
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
}
