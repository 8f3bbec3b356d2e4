using Microsoft.Z3;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Symbolic;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Symbolic;

/// <summary>
/// A pre-state with a memory shift must mean exactly the memory it stands for: cell x is the array's cell
/// x + shift, i.e. the array λx. m[x + shift]. Each instruction is run both ways and Z3 is asked for any
/// state, operands and shift where the outcomes differ.
/// </summary>
public sealed class MemoryShiftTests
{
    // Specs whose instructions the general solver settles in seconds with a lambda in the formula; with
    // x86-32's task switches it takes minutes. The shift itself does not depend on the instruction set.
    public static TheoryData<string> SpecsWithMemory() => new(["pg74.yaml", "m68000.yaml", "pdp10.yaml"]);

    [Theory]
    [MemberData(nameof(SpecsWithMemory))]
    public void AShiftedMemoryBehavesAsTheMemoryItStandsFor(string specFile)
    {
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var failures = spec.Instructions.Where(i => ShiftDiffersFromLambda(spec, i) != Status.UNSATISFIABLE).Select(i => i.Name).ToList();

        Assert.True(failures.Count == 0, $"a shifted memory differs from its meaning for {string.Join(", ", failures)}");
    }

    private static Status ShiftDiffersFromLambda(IsaSpec spec, InstructionDef instruction)
    {
        using var z3 = new Context();
        var plain = SymbolicPreState.Create(z3, spec, instruction.Operands, "s_");
        var addressSort = z3.MkBitVecSort((uint)spec.Memory!.AddressWidth);
        var shift = (BitVecExpr)z3.MkConst("shift", addressSort);
        var shifted = SymbolicPreState.FromParts(plain.Registers, plain.Memory, plain.Operands, shift);
        var x = (BitVecExpr)z3.MkConst("x", addressSort);
        var meaning = SymbolicPreState.FromParts(plain.Registers, (ArrayExpr)z3.MkLambda([x], z3.MkSelect(plain.Memory!, z3.MkBVAdd(x, shift))), plain.Operands);

        var viaShift = SymbolicExecutor.Execute(z3, spec, instruction, shifted);
        var viaLambda = SymbolicExecutor.Execute(z3, spec, instruction, meaning);
        var y = (BitVecExpr)z3.MkConst("y", addressSort);
        var differences = viaShift.TrapConditions.Zip(viaLambda.TrapConditions, (a, b) => z3.MkNot(z3.MkEq(a, b)))
            .Concat(viaShift.Registers.Zip(viaLambda.Registers, (a, b) => z3.MkNot(z3.MkEq(a, b))))
            .Append(z3.MkNot(z3.MkEq(z3.MkSelect(viaShift.Memory!, shifted.MemoryIndex(z3, y)), z3.MkSelect(viaLambda.Memory!, y))))
            .ToArray();
        using var solver = z3.MkSolver();
        solver.Parameters = z3.MkParams().Add("timeout", 60_000u);
        solver.Assert(z3.MkOr(differences));
        return solver.Check();
    }
}
