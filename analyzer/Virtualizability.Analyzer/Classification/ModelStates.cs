using System.Collections.Immutable;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Symbolic;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Reads concrete states and operands out of a Z3 model.</summary>
internal sealed class ModelStates(Context z3, Model model)
{
    public ulong Value(Expr term) =>
        model.Eval(term, true) is BitVecNum number
            ? number.UInt64
            : throw new WitnessReplayException($"the model gives no number for {term}");

    public MachineState State(SymbolicPreState pre)
    {
        var registers = pre.Registers.Select(r => Value(r)).ToArray();
        SparseMemory? memory = null;
        if (pre.Memory is { } array)
        {
            var sort = (ArraySort)array.Sort;
            var addressWidth = ((BitVecSort)sort.Domain).Size;
            var cellWidth = ((BitVecSort)sort.Range).Size;
            // Memory is read from the model lazily: only the cells the instruction touches are ever asked for.
            memory = new SparseMemory((int)addressWidth, (int)cellWidth, address => Value(z3.MkSelect(array, pre.MemoryIndex(z3, z3.MkBV(address, addressWidth)))));
        }

        return new MachineState(registers, memory);
    }

    public ulong[] Operands(ImmutableArray<BitVecExpr> operands) => operands.Select(o => Value(o)).ToArray();
}
