using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Symbolic;

/// <summary>
/// A read written out over its stores must mean exactly the array read it replaces. For every instruction's
/// outcome memory, both reads are evaluated in random concrete states (small values, so that addresses
/// collide and the stores are hit); on small chains Z3 proves them equal outright.
/// </summary>
public sealed class ReadOverWriteTests
{
    public static TheoryData<string> SpecsWithMemory() => new(["pg74.yaml", "m68000.yaml", "pdp10.yaml", "armv7a.yaml", "armv7a-ve.yaml", "riscv64.yaml"]);

    [Theory]
    [MemberData(nameof(SpecsWithMemory))]
    public void AReadOverTheStoresEqualsTheArrayRead(string specFile)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var random = new Random(7);
        var failures = spec.Instructions.Where(i => !ReadsAgree(spec, i, random)).Select(i => i.Name).ToList();

        Assert.True(failures.Count == 0, $"a read over the stores differs from the array read for {string.Join(", ", failures)}");
    }

    [Fact]
    public void AChainLongerThanTheLimitIsLeftToTheArrayTheory()
    {
        using var z3 = new Context();
        var index = z3.MkBVConst("i", 8);
        Expr memory = z3.MkArrayConst("m", z3.MkBitVecSort(8), z3.MkBitVecSort(8));
        for (var k = 0; k < ReadOverWrite.MaxStores + 10; k++)
        {
            memory = z3.MkStore((ArrayExpr)memory, z3.MkBV(k % 256, 8), z3.MkBV(k % 7, 8));
        }

        var read = ReadOverWrite.Select(z3, memory, index);

        Assert.Equal(Status.UNSATISFIABLE, Check(z3, z3.MkNot(z3.MkEq(read, z3.MkSelect((ArrayExpr)memory, index)))));
        Assert.True(CountSelects(read) == 1, "the rest of the chain is read once through the array theory");
    }

    [Fact]
    public void AReadThroughAConditionalMemoryFollowsBothBranches()
    {
        using var z3 = new Context();
        var index = z3.MkBVConst("i", 8);
        var condition = z3.MkBoolConst("c");
        var m = z3.MkArrayConst("m", z3.MkBitVecSort(8), z3.MkBitVecSort(8));
        var written = z3.MkStore(m, z3.MkBVConst("a", 8), z3.MkBVConst("b", 8));
        var memory = z3.MkITE(condition, written, m);

        var read = ReadOverWrite.Select(z3, memory, index);

        Assert.False(read.IsSelect && read.Args[0].IsITE, "the read is pushed into the branches");
        Assert.Equal(Status.UNSATISFIABLE, Check(z3, z3.MkNot(z3.MkEq(read, z3.MkSelect((ArrayExpr)memory, index)))));
    }

    private const int StatesPerInstruction = 40;

    private static bool ReadsAgree(IsaSpec spec, InstructionDef instruction, Random random)
    {
        using var z3 = new Context();
        var pre = SymbolicPreState.Create(z3, spec, instruction.Operands, "s_");
        var outcome = SymbolicExecutor.Execute(z3, spec, instruction, pre);
        var y = z3.MkBVConst("y", (uint)spec.Memory!.AddressWidth);
        var written = ReadOverWrite.Select(z3, outcome.Memory!, y);
        var array = z3.MkSelect(outcome.Memory!, y);
        var variables = pre.Registers.Concat(pre.Operands).Append(y).ToArray();
        for (var n = 0; n < StatesPerInstruction; n++)
        {
            var values = variables.Select(v => (Expr)z3.MkBV(random.Next(24), v.SortSize)).Append(SmallMemory(z3, spec, random)).ToArray();
            var from = variables.Cast<Expr>().Append(pre.Memory!).ToArray();
            if (!written.Substitute(from, values).Simplify().Equals(array.Substitute(from, values).Simplify()))
            {
                return false;
            }
        }

        return true;
    }

    // A memory that is 0 except at a few random small addresses.
    private static Expr SmallMemory(Context z3, IsaSpec spec, Random random)
    {
        var memory = spec.Memory!;
        var cells = z3.MkConstArray(z3.MkBitVecSort((uint)memory.AddressWidth), z3.MkBV(0, (uint)memory.CellWidth));
        for (var k = 0; k < 6; k++)
        {
            cells = z3.MkStore(cells, z3.MkBV(random.Next(24), (uint)memory.AddressWidth), z3.MkBV(1 + random.Next(200), (uint)memory.CellWidth));
        }

        return cells;
    }

    private static Status Check(Context z3, BoolExpr formula)
    {
        using var solver = z3.MkSolver();
        solver.Parameters = z3.MkParams().Add("timeout", 60_000u);
        solver.Assert(formula);
        return solver.Check();
    }

    private static int CountSelects(Expr e) => (e.IsSelect ? 1 : 0) + (e.IsSelect ? 0 : e.Args.Sum(CountSelects));
}
