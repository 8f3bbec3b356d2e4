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
            memory = Memory(array);
            if (pre.MemoryShift is { } shift)
            {
                // The state's cell x is the array's cell x + shift.
                memory = memory.Shifted(Value(shift));
            }
        }

        return new MachineState(registers, memory);
    }

    public ulong[] Operands(ImmutableArray<BitVecExpr> operands) => operands.Select(o => Value(o)).ToArray();

    /// <summary>The whole array the model gives a memory: a default cell and finitely many others.</summary>
    private SparseMemory Memory(ArrayExpr array)
    {
        var sort = (ArraySort)array.Sort;
        var addressWidth = (int)((BitVecSort)sort.Domain).Size;
        var cellWidth = (int)((BitVecSort)sort.Range).Size;
        return Read(model.Eval(array, true), array, addressWidth, cellWidth);
    }

    private SparseMemory Read(Expr value, ArrayExpr array, int addressWidth, int cellWidth)
    {
        if (value.IsConstantArray)
        {
            return new SparseMemory(addressWidth, cellWidth, Value(value.Args[0]));
        }

        if (value.IsStore)
        {
            var memory = Read(value.Args[0], array, addressWidth, cellWidth);
            memory[Value(value.Args[1])] = Value(value.Args[2]);
            return memory;
        }

        if (value.IsAsArray && model.FuncInterp(value.FuncDecl.Parameters[0].FuncDecl) is { } function)
        {
            return FromFunction(function, addressWidth, cellWidth);
        }

        // After the array-to-function tactics the model gives a memory as (lambda (x) (f x)). With an
        // interpretation of f, that is the memory; without one, the query never constrained the memory
        // and the model's completion makes every cell the same.
        if (value is Quantifier { IsUniversal: false, IsExistential: false, NumBound: 1, Body: { IsApp: true, NumArgs: 1 } body } && body.Args[0].IsVar)
        {
            return model.FuncInterp(body.FuncDecl) is { } applied
                ? FromFunction(applied, addressWidth, cellWidth)
                : Uniform(array, addressWidth, cellWidth);
        }

        throw new WitnessReplayException($"the model gives a memory that is not a finite array: {value}");
    }

    private SparseMemory Uniform(ArrayExpr array, int addressWidth, int cellWidth)
    {
        var cells = new[] { 0UL, 1UL, Concrete.BitOps.Mask(addressWidth) }
            .Select(a => Value(z3.MkSelect(array, z3.MkBV(a, (uint)addressWidth)))).Distinct().ToList();
        return cells.Count == 1
            ? new SparseMemory(addressWidth, cellWidth, cells[0])
            : throw new WitnessReplayException($"the model gives a memory that is not a finite array: {array}");
    }

    private SparseMemory FromFunction(FuncInterp function, int addressWidth, int cellWidth)
    {
        var memory = new SparseMemory(addressWidth, cellWidth, Value(function.Else));
        // The first entry for an address is the one that counts.
        foreach (var entry in function.Entries.Reverse())
        {
            memory[Value(entry.Args[0])] = Value(entry.Value);
        }

        return memory;
    }
}
