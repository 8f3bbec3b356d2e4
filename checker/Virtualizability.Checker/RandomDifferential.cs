using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Running;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Guests;
using Virtualizability.Checker.Runs;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Checker;

/// <summary>
/// Randomized differential runs (DESIGN.md §6): for every instruction whose equivalence obligations the
/// design proves, random virtual start states (satisfying the invariants and the virtual machine's
/// condition) and operands; the instruction runs once on bare metal and once under the reference VMM, and
/// the states the guest sees afterwards must be equal, with no control escape where RC-CONTROL is proved.
/// A divergence here is a bug in a proof or in the VMM.
/// </summary>
public static class RandomDifferential
{
    private const int AttemptsPerRun = 40;

    public static RandomRuns Run(IsaSpec spec, VmmOptions options, int runsPerInstruction, int seed)
    {
        var proof = Proof(spec, options);
        var machine = new ConcreteMachine(spec);
        var premise = spec.Invariants.Select(i => i.Condition).Concat(spec.Vmm.Embedding.VirtualState is { } bare ? [bare] : []).ToList();
        var failures = ImmutableArray.CreateBuilder<RandomFailure>();
        var pin = proof is null ? null : VirtualMachinePin.Of(spec);
        long runs = 0, skipped = 0;
        var proved = proof?.Instructions.Where(i => i.Obligations.Where(o => o.Obligation.Kind is ObligationKind.EqTrap or ObligationKind.EqUser or ObligationKind.EqHidden).All(o => o.Result.Holds)).ToList() ?? [];
        foreach (var instruction in proved)
        {
            var definition = spec.Instructions.Single(i => i.Name == instruction.Name);
            var controlProved = instruction.Obligations.Where(o => o.Obligation.Kind == ObligationKind.RcControl).All(o => o.Result.Holds);
            var instructionSeed = HashCode.Combine(seed, StableHash(definition.Name));
            var random = new RandomStates(spec, instructionSeed);
            for (int done = 0, attempts = 0; done < runsPerInstruction && attempts < runsPerInstruction * AttemptsPerRun; attempts++)
            {
                var start = random.NextState();
                pin?.Apply(start.Registers);
                if (!premise.All(c => machine.Holds(c, start)))
                {
                    skipped++;
                    continue;
                }

                done++;
                runs++;
                if (Diverges(machine, definition, start, random.NextOperands(definition), options, controlProved) is { } detail)
                {
                    failures.Add(new RandomFailure(definition.Name, instructionSeed, $"run {done}: {detail}"));
                    break;
                }
            }
        }

        return new RandomRuns(runs, seed, proved.Count, skipped, failures.ToImmutable());
    }

    // The hardware design is proved under the VMM's control setting; the deprivileging designs are not
    // proved on a spec with controls (virt prove refuses them), so nothing is run for them there.
    private static SpecProof? Proof(IsaSpec spec, VmmOptions options) =>
        options.Design == VmmDesign.Hardware
            ? spec.Vmm.Embedding.Controls.IsEmpty || options.Controls is null ? null
                : SpecProver.Prove(spec, new ProverOptions(VmmDesign.Hardware) { Controls = options.Controls.Names(spec) })
            : spec.Vmm.Embedding.Controls.IsEmpty ? SpecProver.Prove(spec, new ProverOptions(options.Design, options.GuestMode)) : null;

    private static string? Diverges(ConcreteMachine machine, InstructionDef instruction, MachineState start, ulong[] operands, VmmOptions options, bool controlProved)
    {
        var guest = new Guest(instruction.Name, machine, start, () => new SingleInstruction(machine, instruction, operands)) { Steps = 1 };
        ReferenceVmm vmm;
        try
        {
            vmm = DifferentialRun.NewVmm(guest, options);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        var bare = new BareMetalGuest(machine, start.Clone(), guest.NewProgram());
        var bareStop = bare.Advance(1, out _);
        var vmmStop = vmm.Advance(1, out var message);
        if (vmmStop == RunStop.Stopped && message is not null)
        {
            return message;
        }

        if (StateComparison.FirstDifference(machine.Spec, bare.GuestState, vmm.GuestState) is { } d)
        {
            return $"{d.Resource} is {Analyzer.Diagnostics.Hex.Format(d.First)} on bare metal, {Analyzer.Diagnostics.Hex.Format(d.Second)} under the VMM (bare metal {bareStop}, VMM {vmmStop})";
        }

        return controlProved && vmm.Escapes.Count > 0 ? $"control escape: {vmm.Escapes[0].Resource}" : null;
    }

    // Seeds must not depend on the process (string.GetHashCode does).
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    /// <summary>One instruction at the PC with given operands: the program of a single-step differential run.</summary>
    private sealed class SingleInstruction(ConcreteMachine machine, InstructionDef instruction, ulong[] operands) : IProgramDecoder
    {
        public bool ReadsMemory => false;

        public DecodedInstruction? Decode(MachineState state, ulong address, out string? error)
        {
            error = null;
            var spec = machine.Spec;
            var length = (ulong)(instruction.Length ?? 1);
            var next = (address + length) & BitOps.Mask(spec.Registers[spec.ProgramCounter!.Value].Width);
            var values = (ulong[])operands.Clone();
            if (instruction.Operands.Length > 0 && instruction.Operands[^1].Kind == OperandKind.Implicit)
            {
                values[^1] = next;
            }

            return new DecodedInstruction(address, (int)length, next, machine.IdOf(instruction), instruction, values, [], instruction.Name);
        }
    }
}
