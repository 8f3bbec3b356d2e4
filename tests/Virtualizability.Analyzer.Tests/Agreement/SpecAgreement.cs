using CsCheck;
using Microsoft.Z3;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Agreement;

/// <summary>One branch direction no state of the run reached, and why.</summary>
public sealed record UnreachedDirection(string Instruction, int Branch, bool Then, string Reason)
{
    public override string ToString() => $"{Instruction} if#{Branch} {(Then ? "then" : "else")}: {Reason}";
}

/// <summary>How much of a spec's semantics an agreement run reached: branch directions of every body.</summary>
public sealed record BranchReport(string Spec, int Directions, int ByGenerated, int BySolver, IReadOnlyList<UnreachedDirection> Unreached)
{
    public int Reached => ByGenerated + BySolver;

    public double Percent => Directions == 0 ? 100 : 100.0 * Reached / Directions;

    public override string ToString() =>
        $"{Spec}: {Reached}/{Directions} branch directions ({Percent:F1} %): {ByGenerated} by generated states, {BySolver} more by solver-directed states"
        + string.Concat(Unreached.Select(u => $"\n  not reached: {u}"));
}

/// <summary>
/// The agreement property over one spec: for every instruction, generated states (CsCheck) run on both
/// interpretations must agree. Then every branch direction the generated states missed is asked of Z3: a
/// state that reaches it (under the invariants) is run as one more, directed, case; a direction that no
/// state reaches is listed with that reason.
/// </summary>
public static class SpecAgreement
{
    public const int CasesPerInstruction = 100;

    public static BranchReport Run(string specFile)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var coverage = new BranchCoverage();
        var (counted, filler) = (new ConcreteMachine(spec, coverage), new ConcreteMachine(spec));
        var pending = 0;
        var unreached = new List<UnreachedDirection>();
        var (directions, bySolver) = (0, 0);
        foreach (var instruction in spec.Instructions)
        {
            using var agreement = new InstructionAgreement(spec, instruction, counted, filler);
            Generated(spec, instruction, agreement);
            var branches = BranchCoverage.Branches(instruction.Body).ToList();
            directions += 2 * branches.Count;
            foreach (var (branch, index) in branches.Select((b, i) => (b, i)))
            {
                foreach (var then in new[] { true, false }.Where(t => !coverage.Taken(branch, t)))
                {
                    pending++;
                    var reason = Directed(spec, instruction, agreement, then ? agreement.Reach(branch).Then : agreement.Reach(branch).Else);
                    if (coverage.Taken(branch, then))
                    {
                        bySolver++;
                    }
                    else
                    {
                        // A state Z3 derived from the symbolic path that misses the direction concretely
                        // means the two interpretations disagree about the path.
                        Assert.False(reason.StartsWith("a state Z3 gives", StringComparison.Ordinal), $"{instruction.Name} if#{index}: {reason}");
                        unreached.Add(new UnreachedDirection(instruction.Name, index, then, reason));
                    }
                }
            }
        }

        return new BranchReport(specFile, directions, directions - pending, bySolver, unreached);
    }

    private static void Generated(IsaSpec spec, InstructionDef instruction, InstructionAgreement agreement)
    {
        var gen = GeneratedCase.For(spec, instruction);
        void Check(GeneratedCase c)
        {
            var operands = c.Operands(instruction);
            agreement.Check(agreement.StateOf(c, operands), operands);
        }

        // A fixed stream per instruction, so the run (and its coverage) is the same every time; a failing
        // case is handed to CsCheck with its seed, which shrinks it and reports the seed to rerun.
        var pcg = new PCG((uint)StableSeed.Of(spec.Name, instruction.Name), 1974);
        for (var n = 0; n < CasesPerInstruction; n++)
        {
            var seed = pcg.ToString();
            var generated = gen.Generate(pcg, null, out _);
            try
            {
                Check(generated);
            }
            catch (Exception)
            {
                gen.Sample(Check, seed: seed, iter: 200, threads: 1);
                throw;
            }
        }
    }

    // Ask Z3 for a state that takes the direction under the invariants and run it as one more case; if
    // there is none, say whether the invariants or the path itself rule the direction out.
    private static string Directed(IsaSpec spec, InstructionDef instruction, InstructionAgreement agreement, BoolExpr reach)
    {
        var z3 = agreement.Z3;
        var domain = SymbolicPreState.OperandDomain(z3, instruction.Operands, agreement.Pre.Operands);
        var invariants = z3.MkAnd(spec.Invariants.Select(i => SymbolicExecutor.Condition(z3, spec, i.Condition, agreement.Pre)).Prepend(z3.MkTrue()));
        using var solver = z3.MkSolver();
        solver.Assert(reach, domain);
        switch (solver.Check(invariants))
        {
            case Status.SATISFIABLE:
                var states = new ModelStates(z3, solver.Model);
                agreement.Check(states.State(agreement.Pre), states.Operands(agreement.Pre.Operands));
                return "a state Z3 gives for it does not take it on the concrete machine";
            case Status.UNKNOWN:
                return $"Z3 could not decide whether a state takes it ({solver.ReasonUnknown})";
        }

        return solver.Check() switch
        {
            Status.UNSATISFIABLE => "unreachable: its condition contradicts the path to it",
            Status.SATISFIABLE => "unreachable under the invariants",
            _ => $"unreachable under the invariants; without them Z3 could not decide ({solver.ReasonUnknown})",
        };
    }
}
