using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Proves a VMM design on a spec (DESIGN.md §5): classifies the spec (the critical set is the patch set,
/// and innocuousness decides where EFF applies), discharges every instruction's obligations on a pool of
/// workers, one Z3 context per instruction, and checks Theorem 1 (or 3) against the result.
/// </summary>
public static class SpecProver
{
    public static SpecProof Prove(IsaSpec spec, ProverOptions options, IProgress<string>? progress = null)
    {
        if (options.Design == VmmDesign.Hardware)
        {
            return HardwareProver.Prove(spec, options, options.Controls);
        }

        RefuseClassicalDesignOnHardware(spec, options.Design);
        var classification = SpecClassifier.Classify(spec, options.Classifier);
        return Prove(spec, options, classification, progress);
    }

    /// <summary>Proves a design with an existing classification of the spec under the same guest mode.</summary>
    public static SpecProof Prove(IsaSpec spec, ProverOptions options, SpecClassification classification, IProgress<string>? progress = null)
    {
        RefuseClassicalDesignOnHardware(spec, options.Design);
        var embedding = Embedding.Of(spec, classification.GuestSupervisorMode);
        var direct = DirectObligations(spec, options, embedding, classification, progress);
        return Assemble(spec, options.Design, embedding, classification, direct.Results, direct.Statistics);
    }

    // A spec that declares VM-execution controls describes hardware assistance: its embedding passes the
    // guest's own state (its privilege level included) through and its Φ is a control setting, so a
    // deprivileging design's proof over it would answer a question nobody asked.
    private static void RefuseClassicalDesignOnHardware(IsaSpec spec, VmmDesign design)
    {
        if (!spec.Vmm.Embedding.Controls.IsEmpty && design != VmmDesign.Hardware)
        {
            throw new ProofSetupException(
                $"{spec.Name} declares vmm.controls: it describes hardware assistance, so prove it with --vmm hardware; --vmm {design.Name()} applies to the machine without the extension");
        }
    }

    /// <summary>
    /// A patched or paravirtual proof from a trap-and-emulate one: patching changes only the patched
    /// instructions, whose direct-execution obligations are the minimality evidence, so no query is repeated.
    /// </summary>
    public static SpecProof Derive(SpecProof trapAndEmulate, VmmDesign design, IsaSpec spec, SpecClassification classification)
    {
        if (trapAndEmulate.Design != VmmDesign.TrapAndEmulate || !design.Patches())
        {
            throw new ArgumentException("only patched designs derive from a trap-and-emulate proof");
        }

        var direct = trapAndEmulate.Instructions.Select(i => i.Obligations.Select(o => o with { Obligation = o.Obligation with { Design = design } }).ToImmutableArray()).ToImmutableArray();
        return Assemble(spec, design, Embedding.Of(spec, classification.GuestSupervisorMode), classification, direct, trapAndEmulate.Statistics);
    }

    private static (ImmutableArray<ImmutableArray<ObligationResult>> Results, ProofStatistics Statistics) DirectObligations(
        IsaSpec spec, ProverOptions options, Embedding embedding, SpecClassification classification, IProgress<string>? progress)
    {
        var virtualMode = options.Design == VmmDesign.Hybrid ? spec.Vmm.GuestUserMode : null;
        var machine = new ConcreteMachine(spec);
        var results = new ImmutableArray<ObligationResult>[spec.Instructions.Length];
        var timings = new ConcurrentBag<double>();
        SpecClassifier.RunOnWorkers(options.Classifier.EffectiveJobs, results.Length, i =>
        {
            results[i] = InOwnContext(options, embedding, spec.Instructions[i], machine, timings, prover =>
                prover.Prove(options.Design, virtualMode, Innocuous(classification.Instructions[i])));
            progress?.Report(spec.Instructions[i].Name);
        }, options.Cancellation);
        return (results.ToImmutableArray(), new ProofStatistics(timings.Count, timings.Sum(), classification.Statistics.Queries));
    }

    /// <summary>One instruction's obligations in a Z3 context of its own; each query's time goes to <paramref name="timings"/>.</summary>
    internal static ImmutableArray<ObligationResult> InOwnContext(
        ProverOptions options, Embedding embedding, InstructionDef instruction, ConcreteMachine machine, ConcurrentBag<double> timings,
        Func<InstructionProver, ImmutableArray<ObligationResult>> prove)
    {
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, options.Classifier.EffectiveLimits, options.Cancellation);
        var results = prove(new InstructionProver(z3, embedding, instruction, machine, runner));
        foreach (var t in runner.Timings)
        {
            timings.Add(t.Milliseconds);
        }

        return results;
    }

    private static SpecProof Assemble(
        IsaSpec spec, VmmDesign design, Embedding embedding, SpecClassification classification,
        ImmutableArray<ImmutableArray<ObligationResult>> direct, ProofStatistics statistics)
    {
        var patch = design.Patches() ? classification.Instructions.Where(i => i.IsCritical).Select(i => i.Name).ToHashSet() : [];
        var instructions = spec.Instructions.Select((instruction, i) => patch.Contains(instruction.Name)
            ? new InstructionProof(instruction.Name, instruction.Location, classification.Instructions[i].Class, true, InstructionProver.Patched(design, instruction), direct[i])
            : new InstructionProof(instruction.Name, instruction.Location, classification.Instructions[i].Class, false, direct[i], [])).ToImmutableArray();
        return new SpecProof(
            spec.Name, spec.File, design, classification.GuestSupervisorMode, embedding.Describe(),
            embedding.MemoryAssumption is { } a ? [a] : [],
            instructions,
            TheoremChecks.Check(design, classification, instructions),
            design.Patches() ? PatchSets.Members(instructions) : [],
            design == VmmDesign.Paravirtual ? Hypercalls.For(spec, instructions) : [],
            statistics);
    }

    // EFF is owed by the innocuous class (neither sensitive nor privileged): a privileged instruction traps
    // in the guest's mode by definition, whether or not it is also sensitive.
    internal static Answer Innocuous(InstructionClassification classified) => classified.Class switch
    {
        InstructionClass.Innocuous => Answer.Yes,
        InstructionClass.Unknown => Answer.Unknown,
        _ => Answer.No,
    };
}
