using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;

namespace Virtualizability.Analyzer.Symbolic;

/// <summary>
/// Evaluates a symbolic outcome on a concrete state by substituting the state for the pre-state's
/// constants and simplifying to numerals: the bridge that lets the concrete machine check Z3 and back.
/// </summary>
public sealed class ConcreteSubstitution(Context z3)
{
    /// <summary>The outcome's trap (index) or, where it completes, its next state.</summary>
    public (int? Trap, MachineState? Next) Evaluate(SymbolicOutcome outcome, SymbolicPreState pre, MachineState state, ulong[] operands)
    {
        if (pre.MemoryShift is not null)
        {
            throw new ArgumentException("a pre-state with a memory shift has no concrete memory of its own", nameof(pre));
        }

        var (from, to) = Bindings(pre, state, operands);
        // The trap conditions are disjoint and Completes is their common complement, so one evaluation
        // settles the usual case; only a trapping state needs the conditions one by one.
        if (!IsTrue(outcome.Completes.Substitute(from, to)))
        {
            for (var k = 0; k < outcome.TrapConditions.Length; k++)
            {
                if (!outcome.TrapConditions[k].IsFalse && IsTrue(outcome.TrapConditions[k].Substitute(from, to)))
                {
                    return (k, null);
                }
            }

            throw new InvalidOperationException("no trap condition holds, yet the instruction does not complete");
        }

        // A register the instruction leaves alone is its own pre-state constant: no need to ask Z3.
        var registers = outcome.Registers
            .Select((r, i) => r.Equals(pre.Registers[i]) ? state.Registers[i] : Numeral(r.Substitute(from, to)))
            .ToArray();
        var memory = state.Memory?.Clone();
        if (outcome.Memory is not null && memory is not null && !outcome.Memory.Equals(pre.Memory))
        {
            ApplyStores(outcome.Memory.Substitute(from, to).Simplify(), memory);
        }

        return (null, new MachineState(registers, memory));
    }

    public (Expr[] From, Expr[] To) Bindings(SymbolicPreState pre, MachineState state, ulong[] operands)
    {
        var from = new List<Expr>();
        var to = new List<Expr>();
        for (var i = 0; i < pre.Registers.Length; i++)
        {
            from.Add(pre.Registers[i]);
            to.Add(z3.MkBV(state.Registers[i], pre.Registers[i].SortSize));
        }

        for (var i = 0; i < pre.Operands.Length; i++)
        {
            from.Add(pre.Operands[i]);
            to.Add(z3.MkBV(operands[i], pre.Operands[i].SortSize));
        }

        if (pre.Memory is not null && state.Memory is not null)
        {
            from.Add(pre.Memory);
            to.Add(MemoryTerm(state.Memory));
        }

        return (from.ToArray(), to.ToArray());
    }

    /// <summary>A sparse memory as a Z3 array: the default everywhere, then a store per written cell.</summary>
    public ArrayExpr MemoryTerm(SparseMemory memory)
    {
        var addressSort = z3.MkBitVecSort((uint)memory.AddressWidth);
        ArrayExpr array = z3.MkConstArray(addressSort, z3.MkBV(memory.DefaultCell, (uint)memory.CellWidth));
        foreach (var (address, value) in memory.Cells.OrderBy(c => c.Key))
        {
            array = z3.MkStore(array, z3.MkBV(address, (uint)memory.AddressWidth), z3.MkBV(value, (uint)memory.CellWidth));
        }

        return array;
    }

    private static bool IsTrue(Expr condition)
    {
        var simplified = condition.Simplify();
        if (simplified.IsTrue || simplified.IsFalse)
        {
            return simplified.IsTrue;
        }

        throw new InvalidOperationException($"a trap condition did not reduce to true or false on a concrete state: {simplified}");
    }

    private static ulong Numeral(Expr term) =>
        (term as BitVecNum ?? term.Simplify()) is BitVecNum number
            ? number.UInt64
            : throw new InvalidOperationException($"a next-state term did not reduce to a number on a concrete state: {term.Simplify()}");

    // After simplification a memory built from a concrete one is a chain of stores over a constant array.
    private static void ApplyStores(Expr array, SparseMemory memory)
    {
        var stores = new Stack<(ulong Address, ulong Value)>();
        while (array.IsStore)
        {
            stores.Push((Numeral(array.Args[1]), Numeral(array.Args[2])));
            array = array.Args[0];
        }

        if (!array.IsConstantArray || Numeral(array.Args[0]) != memory.DefaultCell)
        {
            throw new InvalidOperationException($"the next memory did not reduce to stores over the default: {array}");
        }

        foreach (var (address, value) in stores)
        {
            memory[address] = value;
        }
    }
}
