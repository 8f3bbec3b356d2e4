using System.Collections.Immutable;
using Virtualizability.Analyzer.Diagnostics;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;
using Virtualizability.Analyzer.Tests.Support;

namespace Virtualizability.Analyzer.Tests.Semantics;

/// <summary>
/// The binder from tables, over the machine of TestData/valid-tiny.yaml (M:1, PC:16, FLAGS:8 with IF at bit 1
/// and Z at bit 0, A and B:16, group gpr = [A, B], mem with 16-bit addresses and 8-bit cells) and three
/// operands: r (a gpr register), a (a memory address) and k (an 8-bit immediate). A bound body is printed
/// with every width it inferred, so an inference slip shows as a different string.
/// </summary>
public sealed class BinderTests
{
    private static readonly IsaSpec Tiny = SpecLoader.Load(Path.Combine(Repo.TestData, "valid-tiny.yaml"));

    private static readonly BindingScope Scope = new(
        Tiny.Registers,
        Tiny.Memory,
        Tiny.Traps,
        [
            new OperandDef(0, "r", OperandKind.Register, 1, "gpr", Tiny.RegisterGroups["gpr"], SourceLocation.None),
            new OperandDef(1, "a", OperandKind.Memory, 16, null, [], SourceLocation.None),
            new OperandDef(2, "k", OperandKind.Immediate, 8, null, [], SourceLocation.None),
        ]);

    [Theory]
    [InlineData("A := 5;", "A[15:0] := 5'16")]
    [InlineData("A := A + 1;", "A[15:0] := Add:16(A, 1'16)")]
    [InlineData("A := 1 + A;", "A[15:0] := Add:16(1'16, A)")]
    [InlineData("A := 2 * 3;", "A[15:0] := Multiply:16(2'16, 3'16)")]
    [InlineData("A := ~0;", "A[15:0] := Not:16(0'16)")]
    [InlineData("A := -1;", "A[15:0] := Negate:16(1'16)")]
    [InlineData("A := A >> 16;", "A[15:0] := ShiftRightLogical:16(A, 16'16)")]
    [InlineData("FLAGS.Z := A == 0;", "FLAGS[0:0] := Equal:1(A, 0'16)")]
    [InlineData("FLAGS.Z := 0 <s A;", "FLAGS[0:0] := SignedLess:1(0'16, A)")]
    [InlineData("FLAGS.Z := !(A == B) || M == 1;", "FLAGS[0:0] := LogicalOr:1(Not:1(Equal:1(A, B)), Equal:1(M, 1'1))")]
    [InlineData("FLAGS.IF := 1;", "FLAGS[1:1] := 1'1")]
    [InlineData("FLAGS := FLAGS.IF ++ FLAGS[6:0];", "FLAGS[7:0] := Concat:8(FLAGS[1:1], FLAGS[6:0])")]
    [InlineData("A[11:4] := 0xAB;", "A[11:4] := 171'8")]
    [InlineData("A[15] := FLAGS[0];", "A[15:15] := FLAGS[0:0]")]
    [InlineData("A := zext(FLAGS.Z, 16);", "A[15:0] := zext16(FLAGS[0:0])")]
    [InlineData("A := sext(k, 16);", "A[15:0] := sext16(k)")]
    [InlineData("r := r + 1;", "r[15:0] := Add:16(r, 1'16)")]
    [InlineData("r[7:0] := k;", "r[7:0] := k")]
    [InlineData("FLAGS.Z := r[15];", "FLAGS[0:0] := r[15:15]")]
    // selects compares the operand's encoding (its index in the group), not the registers' contents
    [InlineData("FLAGS.Z := selects(r, B);", "FLAGS[0:0] := Equal:1(r, 1'1)")]
    [InlineData("A := mem16[a];", "A[15:0] := mem[a]x2")]
    [InlineData("A := mem[a] ++ mem[a + 1];", "A[15:0] := Concat:16(mem[a]x1, mem[Add:16(a, 1'16)]x1)")]
    [InlineData("mem16[0x10] := A;", "mem[16'16]x2 := A")]
    [InlineData("A := M == 1 ? 7 : B;", "A[15:0] := ite:16(Equal:1(M, 1'1), 7'16, B)")]
    [InlineData("let t = A; let u = t + 1; B := u;", "let0 = A; let1 = Add:16(let0, 1'16); B[15:0] := let1")]
    [InlineData("if M == 1 { let t = A; B := t; } else { let t = B; A := t; }", "if Equal:1(M, 1'1) { let0 = A; B[15:0] := let0 } else { let1 = B; A[15:0] := let1 }")]
    [InlineData("if M == 0 { trap privilege; } trap memory;", "if Equal:1(M, 0'1) { trap 0 } else {  }; trap 1")]
    public void BindsWithInferredWidths(string body, string expected)
    {
        var (bound, errors) = Bind(body);

        Assert.Empty(errors);
        Assert.Equal(expected, Show(bound!.Statements));
    }

    [Theory]
    // Width inference of plain numbers.
    [InlineData("let x = 5;", "1:9", "cannot tell the width of 5: write a sized number such as 32'd5")]
    [InlineData("A := zext(5, 16);", "1:11", "cannot tell the width of 5")]
    [InlineData("M := 2;", "1:6", "width mismatch: 2 does not fit in 1 bits")]
    [InlineData("FLAGS.Z := A == 0x10000;", "1:17", "width mismatch: 65536 does not fit in 16 bits")]
    // Width mismatches at the operator's column; an assignment's at the value's outermost operator.
    [InlineData("A := 16'd1 + 8'd1;", "1:12", "width mismatch: '+' has a 16-bit left operand and a 8-bit right operand")]
    [InlineData("FLAGS.Z := A <s FLAGS;", "1:14", "width mismatch: '<s' has a 16-bit left operand and a 8-bit right operand")]
    [InlineData("A := FLAGS;", "1:6", "width mismatch: A is 16 bits but the value is 8 bits")]
    [InlineData("A := A == B;", "1:8", "width mismatch: A is 16 bits but the value is 1 bits")]
    [InlineData("A := A ++ B;", "1:8", "width mismatch: A is 16 bits but the value is 32 bits")]
    [InlineData("A := A ++ A ++ A ++ A ++ A;", "1:23", "'++' would make a 80-bit value")]
    [InlineData("A := M == 1 ? A : FLAGS;", "1:13", "width mismatch: the branches are 16 and 8 bits")]
    [InlineData("A := sext(A, 8);", "1:6", "width mismatch: cannot sext a 16-bit value to 8 bits")]
    [InlineData("A := zext(A, 65);", "1:14", "width 65 is out of range: expected 1 to 64")]
    [InlineData("A := zext(A, B);", "1:6", "zext takes a value and a plain width")]
    [InlineData("A := ite(M == 1, A);", "1:6", "ite takes 3 arguments (condition, then, else), found 2")]
    [InlineData("A := foo(A);", "1:6", "unknown function 'foo': expected zext, sext, ite or selects")]
    [InlineData("FLAGS.Z := selects(r);", "1:12", "selects takes a register operand and a register name")]
    [InlineData("FLAGS.Z := selects(k, A);", "1:20", "'k' is not a register operand of this instruction")]
    [InlineData("FLAGS.Z := selects(r, FLAGS);", "1:23", "'FLAGS' is not in group gpr of operand 'r': expected one of A, B")]
    [InlineData("if A { B := 0; }", "1:4", "the condition of 'if' must be 1 bit, found a 16-bit value")]
    [InlineData("FLAGS.Z := A && M == 1;", "1:12", "the condition of '&&' must be 1 bit, found a 16-bit value")]
    [InlineData("A := !A;", "1:6", "'!' needs a 1-bit condition, found a 16-bit value")]
    // Fields and slices.
    [InlineData("FLAGS.Q := 1;", "1:6", "unknown field 'Q' of FLAGS: expected one of its fields (IF, Z)")]
    [InlineData("A := zext(A.IF, 16);", "1:12", "unknown field 'IF' of A: expected one of its fields (it has none)")]
    [InlineData("let t = FLAGS; FLAGS.Z := t.Z;", "1:28", "fields can be taken only of a register or a register operand")]
    [InlineData("A[16:8] := 0;", "1:2", "bit slice [16:8] is outside a 16-bit value")]
    [InlineData("FLAGS := A[3:4];", "1:11", "bit slice [3:4] is outside a 16-bit value")]
    [InlineData("FLAGS.Z := A[M];", "1:13", "expected a bit slice [high:low] or [bit] with plain numbers")]
    // Operands and memory.
    [InlineData("r := FLAGS;", "1:6", "width mismatch: r is 16 bits but the value is 8 bits")]
    [InlineData("k := 1;", "1:1", "cannot assign to operand 'k': only register operands can be written")]
    [InlineData("A := mem[a];", "1:9", "width mismatch: A is 16 bits but the value is 8 bits")]
    [InlineData("A := mem12[a];", "1:6", "cannot access 12 bits of memory 'mem'")]
    [InlineData("A := mem16[FLAGS];", "1:12", "width mismatch: an address of 'mem' is 16 bits, found 8 bits")]
    [InlineData("A := mem16[a:0];", "1:11", "memory takes one address")]
    [InlineData("A := mem;", "1:6", "'mem' is memory: expected an address in brackets")]
    // Names, let scoping and immutability, trap kinds.
    [InlineData("A := C;", "1:6", "unknown name 'C': expected a register, an operand or a let name")]
    [InlineData("C := A;", "1:1", "unknown register 'C'")]
    [InlineData("if M == 1 { let t = A; }\nB := t;", "2:6", "unknown name 't'")]
    [InlineData("let t = A; if M == 1 { let t = B; }", "1:24", "'t' is already defined")]
    [InlineData("let A = B;", "1:1", "'A' is already defined")]
    [InlineData("let k = A;", "1:1", "'k' is already defined")]
    [InlineData("let t = A; t := B;", "1:12", "cannot assign to 't': let names are immutable")]
    [InlineData("let t = A; t[3:0] := 0;", "1:12", "cannot assign to 't': let names are immutable")]
    [InlineData("trap fault;", "1:6", "unknown trap kind 'fault': expected one of the kinds declared under traps (privilege, memory)")]
    [InlineData("", "1:1", "the body is empty: expected at least one statement")]
    [InlineData("# only a comment\n", "1:1", "the body is empty")]
    public void ReportsOneLocatedError(string body, string position, string message)
    {
        var (bound, errors) = Bind(body);

        Assert.Null(bound);
        var error = Assert.Single(errors);
        Assert.Equal($"body:{position}", $"{error.Location.File}:{error.Location.Line}:{error.Location.Column}");
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GathersEveryErrorOfABody()
    {
        var (bound, errors) = Bind("A := C;\nif A { B := D; }\ntrap fault;");

        Assert.Null(bound);
        Assert.Equal(["1:6", "2:4", "2:13", "3:6"], errors.Select(e => $"{e.Location.Line}:{e.Location.Column}"));
    }

    [Theory]
    [InlineData("M == 1 && FLAGS.IF == 1", null)]
    [InlineData("A <=s 16'hFFFF", null)]
    [InlineData("A", "1:1: expected a condition (1 bit), found a 16-bit value")]
    [InlineData("M == 2", "1:6: width mismatch: 2 does not fit in 1 bits")]
    public void BindsConditions(string text, string? error)
    {
        var diagnostics = new DiagnosticBag();

        var bound = Binder.BindCondition(text, Scope with { Operands = [] }, new PlainSourceMap("cond"), diagnostics);

        string[] expected = error is null ? [] : [$"cond:{error}"];
        Assert.Equal(expected, diagnostics.Items.Select(d => d.ToString()));
        Assert.Equal(error is null ? 1 : (int?)null, bound?.Width);
    }

    private static (BoundBody? Body, IReadOnlyList<Diagnostic> Errors) Bind(string text)
    {
        var diagnostics = new DiagnosticBag();
        var body = Binder.BindBody(text, Scope, new PlainSourceMap("body"), diagnostics);
        return (body, diagnostics.Items);
    }

    private static string Show(ImmutableArray<BoundStmt> statements) => string.Join("; ", statements.Select(Show));

    private static string Show(BoundStmt statement) => statement switch
    {
        AssignRegister a => $"{Tiny.Registers[a.Register].Name}[{a.High}:{a.Low}] := {Show(a.Value)}",
        AssignRegisterOperand a => $"{Scope.Operands[a.Operand].Name}[{a.High}:{a.Low}] := {Show(a.Value)}",
        MemoryWrite w => $"mem[{Show(w.Address)}]x{w.Cells} := {Show(w.Value)}",
        LetBound l => $"let{l.Slot} = {Show(l.Value)}",
        IfBound i => $"if {Show(i.Condition)} {{ {Show(i.Then)} }} else {{ {Show(i.Else)} }}",
        TrapBound t => $"trap {t.Kind}",
        _ => throw new ArgumentException($"unknown statement {statement.GetType().Name}"),
    };

    private static string Show(BoundExpr expr) => expr switch
    {
        ConstExpr c => $"{c.Value}'{c.Width}",
        RegisterRead r => Tiny.Registers[r.Register].Name,
        OperandRead o => Scope.Operands[o.Operand].Name,
        RegisterOperandRead r => Scope.Operands[r.Operand].Name,
        LocalRead l => $"let{l.Slot}",
        MemoryRead m => $"mem[{Show(m.Address)}]x{m.Cells}",
        SliceExpr s => $"{Show(s.Value)}[{s.High}:{s.Low}]",
        UnaryBound u => $"{u.Op}:{u.Width}({Show(u.Operand)})",
        BinaryBound b => $"{b.Op}:{b.Width}({Show(b.Left)}, {Show(b.Right)})",
        ExtendExpr e => $"{(e.Signed ? "sext" : "zext")}{e.Width}({Show(e.Value)})",
        IteExpr i => $"ite:{i.Width}({Show(i.Condition)}, {Show(i.Then)}, {Show(i.Else)})",
        _ => throw new ArgumentException($"unknown expression {expr.GetType().Name}"),
    };
}
