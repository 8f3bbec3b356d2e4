using System.Collections.Immutable;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Semantics;

public sealed partial class Binder
{
    private static readonly Dictionary<string, BinaryOp> BinaryOps = new()
    {
        ["+"] = BinaryOp.Add, ["-"] = BinaryOp.Subtract, ["*"] = BinaryOp.Multiply,
        ["&"] = BinaryOp.And, ["|"] = BinaryOp.Or, ["^"] = BinaryOp.Xor,
        ["<<"] = BinaryOp.ShiftLeft, [">>"] = BinaryOp.ShiftRightLogical, [">>s"] = BinaryOp.ShiftRightArithmetic,
        ["++"] = BinaryOp.Concat,
        ["=="] = BinaryOp.Equal, ["!="] = BinaryOp.NotEqual,
        ["<"] = BinaryOp.UnsignedLess, ["<="] = BinaryOp.UnsignedLessOrEqual,
        [">"] = BinaryOp.UnsignedGreater, [">="] = BinaryOp.UnsignedGreaterOrEqual,
        ["<s"] = BinaryOp.SignedLess, ["<=s"] = BinaryOp.SignedLessOrEqual,
        [">s"] = BinaryOp.SignedGreater, [">=s"] = BinaryOp.SignedGreaterOrEqual,
        ["&&"] = BinaryOp.LogicalAnd, ["||"] = BinaryOp.LogicalOr,
    };

    /// <summary>Binds an expression; <paramref name="expected"/> is the width its context demands, if any.</summary>
    private BoundExpr? Bind(Expr expr, int? expected) => expr switch
    {
        NumberExpr number => BindNumber(number, expected),
        NameExpr name => BindName(name),
        FieldExpr field => BindField(field),
        IndexExpr index => BindIndex(index),
        UnaryExpr unary => BindUnary(unary, expected),
        BinaryExpr binary => BindBinary(binary, expected),
        CallExpr call => BindCall(call, expected),
        ConditionalExpr conditional => BindIte(conditional.Condition, conditional.Then, conditional.Else, expected, conditional.Position),
        _ => throw new InvalidOperationException($"unknown expression {expr.GetType().Name}"),
    };

    // A plain number has no width of its own: it takes the one its context gives.
    private static bool IsUnsized(Expr expr) => expr switch
    {
        NumberExpr { Width: null } => true,
        UnaryExpr unary => IsUnsized(unary.Operand),
        _ => false,
    };

    private BoundExpr? BindNumber(NumberExpr number, int? expected)
    {
        var width = number.Width ?? expected;
        if (width is null)
        {
            Error(number.Position, $"cannot tell the width of {number.Value}: write a sized number such as 32'd{number.Value}, or give the other operand a width");
            return null;
        }

        if (width < 64 && number.Value >> width.Value != 0)
        {
            Error(number.Position, $"width mismatch: {number.Value} does not fit in {width} bits");
            return null;
        }

        return new ConstExpr(number.Value, width.Value);
    }

    private BoundExpr? BindName(NameExpr name)
    {
        if (LookupLocal(name.Name) is { } local)
        {
            return local;
        }

        if (_scope.FindOperand(name.Name) is { } operand)
        {
            return operand.Kind == OperandKind.Register
                ? new RegisterOperandRead(operand.Index, operand.Registers, _scope.Registers[operand.Registers[0]].Width)
                : new OperandRead(operand.Index, operand.Width);
        }

        if (_scope.FindRegister(name.Name) is { } register)
        {
            return new RegisterRead(register.Index, register.Width);
        }

        if (_scope.MemoryAccessWidth(name.Name) is not null)
        {
            Error(name.Position, $"'{name.Name}' is memory: expected an address in brackets, as in {name.Name}[address]");
            return null;
        }

        Error(name.Position, $"unknown name '{name.Name}': expected a register, an operand or a let name");
        return null;
    }

    private BoundExpr? BindField(FieldExpr field)
    {
        var target = Bind(field.Target, null);
        if (target is null)
        {
            return null;
        }

        var definition = FieldOf(field);
        return definition is null ? null : new SliceExpr(target, definition.High, definition.Low);
    }

    /// <summary>The field named by REG.FIELD, or by OPERAND.FIELD when every register of its group has it.</summary>
    private FieldDef? FieldOf(FieldExpr field)
    {
        var registers = field.Target switch
        {
            NameExpr n when _scope.FindOperand(n.Name) is { Kind: OperandKind.Register } op => op.Registers.Select(i => _scope.Registers[i]).ToList(),
            NameExpr n when LookupLocal(n.Name) is null && _scope.FindRegister(n.Name) is { } r => [r],
            _ => null,
        };
        if (registers is null)
        {
            Error(field.Position, "fields can be taken only of a register or a register operand");
            return null;
        }

        var fields = registers.Select(r => r.FindField(field.Field)).ToList();
        if (fields.Any(f => f is null) || fields.Any(f => f!.High != fields[0]!.High || f.Low != fields[0]!.Low))
        {
            var known = string.Join(", ", registers[0].Fields.Select(f => f.Name));
            Error(field.Position, $"unknown field '{field.Field}' of {registers[0].Name}: expected one of its fields ({(known.Length == 0 ? "it has none" : known)})");
            return null;
        }

        return fields[0];
    }

    private BoundExpr? BindIndex(IndexExpr index)
    {
        if (index.Target is NameExpr name && LookupLocal(name.Name) is null && _scope.FindOperand(name.Name) is null
            && _scope.FindRegister(name.Name) is null && _scope.MemoryAccessWidth(name.Name) is { } width)
        {
            return BindMemoryAccess(index, width);
        }

        var target = Bind(index.Target, null);
        var slice = SliceBounds(index, target);
        return target is null || slice is null ? null : new SliceExpr(target, slice.Value.High, slice.Value.Low);
    }

    private MemoryRead? BindMemoryAccess(IndexExpr index, int width)
    {
        var memory = _scope.Memory!;
        if (index.Second is not null)
        {
            Error(index.Position, $"memory takes one address: expected {memory.Name}[address], not a slice");
            return null;
        }

        if (width % memory.CellWidth != 0 || width > 64 || width == 0)
        {
            Error(index.Target.Position, $"cannot access {width} bits of memory '{memory.Name}': expected a multiple of its {memory.CellWidth}-bit cells, at most 64 bits");
            return null;
        }

        var address = Bind(index.First, memory.AddressWidth);
        if (address is not null && address.Width != memory.AddressWidth)
        {
            Error(index.First.Position, $"width mismatch: an address of '{memory.Name}' is {memory.AddressWidth} bits, found {address.Width} bits");
            return null;
        }

        return address is null ? null : new MemoryRead(address, width / memory.CellWidth, width);
    }

    private (int High, int Low)? SliceBounds(IndexExpr index, BoundExpr? target)
    {
        if (index.First is not NumberExpr { Width: null } high || index.Second is not (null or NumberExpr { Width: null }))
        {
            Error(index.Position, "expected a bit slice [high:low] or [bit] with plain numbers");
            return null;
        }

        var low = index.Second is NumberExpr l ? l.Value : high.Value;
        if (target is not null && (high.Value >= (ulong)target.Width || low > high.Value))
        {
            Error(index.Position, $"bit slice [{high.Value}:{low}] is outside a {target.Width}-bit value: expected high < {target.Width} and low <= high");
            return null;
        }

        return ((int)high.Value, (int)low);
    }

    private BoundExpr? BindUnary(UnaryExpr unary, int? expected)
    {
        var operand = Bind(unary.Operand, unary.Operator == "!" ? 1 : expected);
        if (operand is null)
        {
            return null;
        }

        if (unary.Operator == "!" && operand.Width != 1)
        {
            Error(unary.Position, $"'!' needs a 1-bit condition, found a {operand.Width}-bit value (use '~' for bitwise not)");
            return null;
        }

        return new UnaryBound(unary.Operator == "-" ? UnaryOp.Negate : UnaryOp.Not, operand);
    }
}
