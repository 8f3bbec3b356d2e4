using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// Discharges the obligations of one instruction under one embedding with Z3, in a context of its own. Every
/// sat answer is replayed into a counterexample; unsat is a proof; anything else is unknown with the reason.
/// </summary>
internal sealed class InstructionProver(Context z3, Embedding embedding, InstructionDef instruction, ConcreteMachine machine, QueryRunner runner)
{
    /// <summary>
    /// The obligations of direct execution. <paramref name="virtualMode"/> restricts the virtual state (hybrid:
    /// the virtual user mode); <paramref name="innocuous"/> (from the classification) decides whether EFF applies.
    /// </summary>
    public ImmutableArray<ObligationResult> Prove(VmmDesign design, string? virtualMode, Answer innocuous, ControlSetting? setting = null)
    {
        var problem = new EmbeddingProblem(z3, embedding, instruction, virtualMode, setting);
        var factory = new CounterexampleFactory(problem, machine);
        var results = ImmutableArray.CreateBuilder<ObligationResult>();
        foreach (var kind in Enum.GetValues<ObligationKind>())
        {
            var obligation = new Obligation(design, instruction.Name, kind, instruction.Location);
            var result = kind switch
            {
                ObligationKind.RcMemory when embedding.MemoryAssumption is { } assumption => new ProofResult.Assumed(assumption),
                ObligationKind.Eff when innocuous == Answer.No => null,
                ObligationKind.Eff when innocuous == Answer.Unknown => new ProofResult.Unknown("the classification could not decide whether it is innocuous"),
                _ => Decide(problem, factory, kind, design),
            };
            if (result is not null)
            {
                results.Add(new ObligationResult(obligation, result));
            }
        }

        return results.ToImmutable();
    }

    /// <summary>A patched instruction traps before it runs, so each obligation holds by construction.</summary>
    public static ImmutableArray<ObligationResult> Patched(VmmDesign design, InstructionDef instruction) =>
        [.. Enum.GetValues<ObligationKind>().Where(k => k != ObligationKind.Eff).Select(k => new ObligationResult(
            new Obligation(design, instruction.Name, k, instruction.Location),
            new ProofResult.Proved("patched: replaced by a trap, so it never runs directly and the VMM emulates it")))];

    private ProofResult Decide(EmbeddingProblem problem, CounterexampleFactory factory, ObligationKind kind, VmmDesign design)
    {
        var name = $"{embedding.Spec.Name}.{instruction.Name}.{design.Name()}{problem.Setting?.Suffix(embedding.Spec)}.{Obligation.Ids[(int)kind]}";
        return runner.Check(name, problem.Formula(kind)) switch
        {
            QueryOutcome.Sat sat => new ProofResult.Refuted(factory.Create(kind, sat.Model)),
            QueryOutcome.Unsat => new ProofResult.Proved(ProofText(problem.VirtualMode)),
            QueryOutcome.Unknown u => new ProofResult.Unknown($"solver answered unknown: {u.Reason}"),
            _ => throw new InvalidOperationException("unexpected solver outcome"),
        };
    }

    private static string ProofText(string? virtualMode) =>
        "proved: no virtual state" + (virtualMode is null ? "" : $" in {virtualMode}") + " and operands break it";
}
