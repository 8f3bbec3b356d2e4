using System.Collections.Immutable;
using System.Globalization;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Checker.Vmm;

namespace Virtualizability.Checker;

/// <summary>
/// Replays what the solver claimed, on the concrete machine and apart from the code that produced it: every
/// classification witness and every obligation counterexample of a design is rebuilt from its reported
/// values (registers, the memory cells it read, operands), run again, and must give the outcome and the
/// changes it reports and show its claimed difference (two states that behave differently; an obligation's
/// failure: a trap on one side only, a user result, a changed mode or control bit, a written cell).
/// </summary>
public static class Replay
{
    public static ImmutableArray<ReplayCase> All(IsaSpec spec, VmmOptions options)
    {
        var classification = SpecClassifier.Classify(spec, new ClassifierOptions(options.GuestMode));
        var machine = new ConcreteMachine(spec);
        var cases = ImmutableArray.CreateBuilder<ReplayCase>();
        foreach (var instruction in classification.Instructions)
        {
            var definition = spec.Instructions.Single(i => i.Name == instruction.Name);
            foreach (var property in instruction.AllProperties.Where(p => p.Witness is not null).DistinctBy(p => p.Property))
            {
                cases.Add(Witness(machine, definition, property, property.Witness!));
            }
        }

        // A spec with VM-execution controls is proved only as a hardware design; whatever setting a VMM
        // chooses, its counterexamples are those of every setting of the controls each instruction reads.
        if (!spec.Vmm.Embedding.Controls.IsEmpty)
        {
            cases.AddRange(HardwareCounterexamples(spec, machine));
        }
        else if (options.Design != VmmDesign.Hardware)
        {
            var proof = SpecProver.Prove(spec, new ProverOptions(options.Design, options.GuestMode), classification);
            var embedding = Embedding.Of(spec, proof.GuestSupervisorMode);
            foreach (var instruction in proof.Instructions)
            {
                var definition = spec.Instructions.Single(i => i.Name == instruction.Name);
                foreach (var result in instruction.Obligations.Concat(instruction.Unpatched))
                {
                    if (result.Result is ProofResult.Refuted refuted)
                    {
                        cases.Add(Counterexample(machine, embedding, definition, result.Obligation, refuted.Counterexample));
                    }
                }
            }
        }

        return cases.ToImmutable();
    }

    private static IEnumerable<ReplayCase> HardwareCounterexamples(IsaSpec spec, ConcreteMachine machine)
    {
        var embedding = Embedding.Of(spec, spec.SupervisorMode);
        foreach (var (definition, setting, results) in HardwareProver.EverySetting(spec, new ProverOptions(VmmDesign.Hardware)))
        {
            foreach (var result in results)
            {
                if (result.Result is ProofResult.Refuted refuted)
                {
                    var replayed = Counterexample(machine, embedding, definition, result.Obligation, refuted.Counterexample);
                    yield return replayed with { Claim = $"{replayed.Claim} with controls {setting.Suffix(spec)}" };
                }
            }
        }
    }

    private static ReplayCase Witness(ConcreteMachine machine, InstructionDef instruction, PropertyResult property, Witness witness)
    {
        var operands = Operands(instruction, witness.Operands);
        var runs = witness.States.Select(s => Run(machine, instruction, operands, State(machine, s, null), s)).ToList();
        var mismatch = runs.Select(r => r.Mismatch).FirstOrDefault(m => m is not null);
        var cellsDiffer = runs.Count == 2 && runs[0].Touched.Union(runs[1].Touched).Any(a => runs[0].Post.Memory![a] != runs[1].Post.Memory![a]);
        // A privileged question's witness is a pair that traps in one mode only (yes) or runs in both (no);
        // the others show two states that behave differently, or one state whose mode or control changes.
        var shows = property.Property.StartsWith("privileged", StringComparison.Ordinal)
                ? property.Answer == Answer.Yes ? runs.Count == 2 && runs[0].Trapped != runs[1].Trapped : runs.All(r => !r.Trapped)
            : runs.Count == 2 ? runs[0].Shown != runs[1].Shown || cellsDiffer
            : runs[0].Changed;
        var detail = mismatch ?? (shows ? witness.Reason : $"the replayed states do not differ as claimed: {witness.Reason}");
        return new ReplayCase("witness", instruction.Name, property.Property, mismatch is null && shows, detail);
    }

    private static ReplayCase Counterexample(ConcreteMachine machine, Embedding embedding, InstructionDef instruction, Obligation obligation, Counterexample counterexample)
    {
        var operands = Operands(instruction, counterexample.Operands);
        var v = State(machine, counterexample.Virtual, null);
        var r = State(machine, counterexample.Real, v);
        var (vPre, rPre) = (v.Clone(), r.Clone());
        var virtualRun = Run(machine, instruction, operands, v, counterexample.Virtual);
        var realRun = Run(machine, instruction, operands, r, counterexample.Real);
        var mismatch = virtualRun.Mismatch ?? realRun.Mismatch;
        var shows = obligation.Kind switch
        {
            ObligationKind.EqTrap => !realRun.Trapped && virtualRun.Trapped,
            ObligationKind.Eff => realRun.Trapped && !virtualRun.Trapped,
            ObligationKind.EqUser => !realRun.Trapped && !virtualRun.Trapped && (Differ(v.Registers, r.Registers, embedding.ComparedUser) || MemoryDiffers(v, r)),
            ObligationKind.EqHidden => !realRun.Trapped && !virtualRun.Trapped && (Differ(vPre.Registers, v.Registers, embedding.Owned) || Differ(r.Registers, v.Registers, embedding.Passthrough)),
            ObligationKind.RcControl => !realRun.Trapped && Differ(rPre.Registers, r.Registers, embedding.Owned),
            ObligationKind.RcMemory => !realRun.Trapped && r.Memory is not null && !r.Memory.SameContents(rPre.Memory!),
            _ => false,
        };
        var detail = mismatch ?? (shows ? counterexample.Reason : $"the replayed states do not show the failure: {counterexample.Reason}");
        return new ReplayCase("counterexample", instruction.Name, obligation.Id, mismatch is null && shows, detail);
    }

    // The program memory both sides address (no relocation moved it): a cell the real run wrote differently.
    private static bool MemoryDiffers(MachineState v, MachineState r) =>
        v.Memory is not null && r.Memory is not null && v.Memory.FirstDifference(r.Memory) is not null;

    private static bool Differ(ulong[] a, ulong[] b, ImmutableArray<ulong> masks) =>
        masks.Select((m, i) => ((a[i] ^ b[i]) & m) != 0).Any(d => d);

    private sealed record Replayed(bool Trapped, bool Changed, string Shown, string? Mismatch, MachineState Post, HashSet<ulong> Touched);

    private static Replayed Run(ConcreteMachine machine, InstructionDef instruction, ulong[] operands, MachineState state, WitnessState reported)
    {
        var before = (ulong[])state.Registers.Clone();
        var touched = new HashSet<ulong>();
        var step = machine.Step(state, instruction, (ulong[])operands.Clone(), touched);
        var outcome = step.Trap is { } k ? $"trap {machine.Spec.Traps[k].Name}" : "runs";
        var changes = step.Trapped ? [] : Changes(machine.Spec, before, state.Registers);
        var mismatch = outcome != reported.Outcome ? $"{reported.Label}: replayed outcome '{outcome}', reported '{reported.Outcome}'"
            : reported.Changes.FirstOrDefault(c => !changes.Contains(c)) is { } missing ? $"{reported.Label}: the reported change {missing} is not in the replayed changes [{string.Join(", ", changes)}]"
            : null;
        // What the state shows afterwards: its outcome, its register changes and the cells it used, in address order.
        var cells = state.Memory is null ? "" : string.Join(",", touched.Order().Select(a => state.Memory[a]));
        return new Replayed(step.Trapped, changes.Count > 0, $"{outcome}|{string.Join(",", changes)}|{cells}", mismatch, state, touched);
    }

    // As the analyzer words them: each field whose bits differ, then the register for bits outside its fields.
    private static List<string> Changes(IsaSpec spec, ulong[] before, ulong[] after)
    {
        var changes = new List<string>();
        foreach (var register in spec.Registers)
        {
            var differing = before[register.Index] ^ after[register.Index];
            if (differing == 0)
            {
                continue;
            }

            var fields = register.Fields.Where(f => (differing & (BitOps.Mask(f.Width) << f.Low)) != 0).ToList();
            var covered = fields.Aggregate(0UL, (m, f) => m | (BitOps.Mask(f.Width) << f.Low));
            changes.AddRange(fields.Select(f => $"{register.Name}.{f.Name} {Hex.Format(Field(before[register.Index], f))} → {Hex.Format(Field(after[register.Index], f))}"));
            if ((differing & ~covered) != 0)
            {
                changes.Add($"{register.Name} {Hex.Format(before[register.Index])} → {Hex.Format(after[register.Index])}");
            }
        }

        return changes;
    }

    private static ulong Field(ulong value, FieldDef field) => (value >> field.Low) & BitOps.Mask(field.Width);

    private static ulong[] Operands(InstructionDef instruction, ImmutableArray<NamedValue> named)
    {
        var operands = new ulong[instruction.Operands.Length];
        foreach (var value in named)
        {
            if (instruction.Operands.FirstOrDefault(o => o.Name == value.Name) is { } operand)
            {
                operands[operand.Index] = value.Value;
            }
        }

        return operands;
    }

    // A reported state: its registers and the cells it read, over a base state (the virtual one, for a real
    // state reported as its differences) or zeros.
    private static MachineState State(ConcreteMachine machine, WitnessState reported, MachineState? over)
    {
        var state = over?.Clone() ?? machine.NewState();
        foreach (var register in reported.Registers)
        {
            state.Registers[machine.Spec.FindRegister(register.Name)!.Index] = register.Value;
        }

        foreach (var cell in reported.MemoryRead)
        {
            var open = cell.Name.IndexOf('[');
            var address = ulong.Parse(cell.Name[(open + 3)..^1].Replace("_", "", StringComparison.Ordinal), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            state.Memory![address] = cell.Value;
        }

        return state;
    }
}
