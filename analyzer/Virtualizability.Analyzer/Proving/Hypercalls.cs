using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// The paravirtual reading of a patch set: one hypercall per patched instruction, saying which mode and
/// control state the VMM must read and write on the virtual state when it emulates it.
/// </summary>
internal static class Hypercalls
{
    public static ImmutableArray<Hypercall> For(IsaSpec spec, ImmutableArray<InstructionProof> proofs)
    {
        var masks = StateMasks.Of(spec);
        bool Owned(int r) => (masks.Mode[r] | masks.Control[r]) != 0;
        return [.. proofs.Where(p => p.Patched).Select(p =>
        {
            var instruction = spec.FindInstruction(p.Name)!;
            var reads = BodyReads.Registers(instruction.Body, spec.Registers.Length).Where(Owned).Order().Select(r => spec.Registers[r].Name).ToList();
            var writes = Writes(instruction.Body.Statements).Where(Owned).Order().Select(r => spec.Registers[r].Name).ToList();
            var why = p.Unpatched.FirstOrDefault(o => o.Result is ProofResult.Refuted)?.Obligation.Failure;
            var does = $"emulate {p.Name} on the virtual state: reads {List(reads)} and writes {List(writes)} of the virtual machine's mode and control state"
                + (why is null ? "" : $"; needed because {why}");
            return new Hypercall("hc_" + p.Name.ToLowerInvariant(), p.Name, does);
        })];
    }

    private static string List(List<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Distinct());

    private static IEnumerable<int> Writes(ImmutableArray<BoundStmt> statements)
    {
        foreach (var statement in statements)
        {
            IEnumerable<int> written = statement switch
            {
                AssignRegister a => [a.Register],
                AssignRegisterOperand a => a.Registers,
                IfBound b => Writes(b.Then).Concat(Writes(b.Else)),
                LetBound or MemoryWrite or TrapBound => [],
                _ => throw new InvalidOperationException($"unknown statement {statement.GetType().Name}"),
            };
            foreach (var register in written)
            {
                yield return register;
            }
        }
    }
}
