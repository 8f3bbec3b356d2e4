using System.Text;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Agreement;

/// <summary>
/// The two interpretations of one instruction, side by side in one Z3 context: the compiled concrete
/// machine (counting branch directions) and Z3's evaluation of the symbolic outcome. A state is built
/// from a generated case by filling, round by round, every memory cell the body reads with the case's
/// next pool value, so descriptor tables, stacks and PSW blocks hold generated values, not a default.
/// </summary>
internal sealed class InstructionAgreement : IDisposable
{
    private const int FillRounds = 8;

    private readonly IsaSpec _spec;
    private readonly InstructionDef _instruction;
    private readonly ConcreteMachine _counted;
    private readonly ConcreteMachine _filler;
    private readonly Context _z3 = new();
    private readonly SymbolicPreState _pre;
    private readonly SymbolicOutcome _outcome;
    private readonly ConcreteSubstitution _substitution;
    private readonly Dictionary<IfBound, (BoolExpr Then, BoolExpr Else)> _reach = new(ReferenceEqualityComparer.Instance);

    public InstructionAgreement(IsaSpec spec, InstructionDef instruction, ConcreteMachine counted, ConcreteMachine filler)
    {
        (_spec, _instruction, _counted, _filler) = (spec, instruction, counted, filler);
        _pre = SymbolicPreState.Create(_z3, spec, instruction.Operands, "s_");
        _outcome = SymbolicExecutor.Execute(_z3, spec, instruction, _pre, (branch, then, otherwise) => _reach[branch] = (then, otherwise));
        _substitution = new ConcreteSubstitution(_z3);
    }

    public Context Z3 => _z3;

    public SymbolicPreState Pre => _pre;

    /// <summary>Where an <c>if</c> is reached and goes each way, as conditions on the pre-state.</summary>
    public (BoolExpr Then, BoolExpr Else) Reach(IfBound branch) => _reach[branch];

    public MachineState StateOf(GeneratedCase generated, ulong[] operands)
    {
        var state = new MachineState(generated.Registers(_spec), _spec.Memory is { } m ? new SparseMemory(m.AddressWidth, m.CellWidth, generated.Cell(0, m.CellWidth)) : null);
        if (state.Memory is not { } memory)
        {
            return state;
        }

        var filled = new HashSet<ulong>();
        for (var round = 0; round < FillRounds; round++)
        {
            var touched = new HashSet<ulong>();
            _filler.Step(state.Clone(), _instruction, operands, touched);
            var fresh = touched.Where(filled.Add).Order().ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var address in fresh)
            {
                memory[address] = generated.Cell(filled.Count + 1, memory.CellWidth);
            }
        }

        return state;
    }

    /// <summary>Runs both interpretations on a state; a disagreement fails with both outcomes described.</summary>
    public void Check(MachineState state, ulong[] operands)
    {
        var concrete = state.Clone();
        var step = _counted.Step(concrete, _instruction, operands);
        var (trap, next) = _substitution.Evaluate(_outcome, _pre, state, operands);
        if (step.Trap != trap || (trap is null && !next!.SameAs(concrete)))
        {
            Assert.Fail(Describe(state, operands, step.Trap, concrete, trap, next));
        }
    }

    public void Dispose() => _z3.Dispose();

    private string Describe(MachineState state, ulong[] operands, int? concreteTrap, MachineState concrete, int? symbolicTrap, MachineState? symbolic)
    {
        var text = new StringBuilder($"{_instruction.Name} ({_instruction.Location}) disagrees.\nstate: {StateText.Format(_spec, state)}\noperands: ");
        text.AppendJoin(", ", _instruction.Operands.Select(o => $"{o.Name}=0x{operands[o.Index]:x}"));
        text.Append($"\nconcrete: {OutcomeText(concreteTrap, concrete)}\nsymbolic: {OutcomeText(symbolicTrap, symbolic)}");
        return text.ToString();
    }

    private string OutcomeText(int? trap, MachineState? state) =>
        trap is { } k ? $"trap {_spec.Traps[k].Name}" : StateText.Format(_spec, state!);
}
