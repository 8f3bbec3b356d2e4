using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Semantics;

public sealed partial class Binder
{
    private static bool IsComparison(BinaryOp op) => op >= BinaryOp.Equal && op <= BinaryOp.SignedGreaterOrEqual;

    // The sized side is bound first, so that a plain number on the other side takes its width.
    private (BoundExpr? Left, BoundExpr? Right) BindPair(Expr left, Expr right, int? hint)
    {
        if (IsUnsized(left) && !IsUnsized(right))
        {
            var r = Bind(right, hint);
            return (Bind(left, r?.Width ?? hint), r);
        }

        var l = Bind(left, hint);
        return (l, Bind(right, l?.Width ?? hint));
    }

    private BoundExpr? BindIte(Expr condition, Expr then, Expr otherwise, int? expected, TextPosition position)
    {
        var c = BindConditionExpr(condition, "?:");
        var (t, e) = BindPair(then, otherwise, expected);
        if (c is null || t is null || e is null)
        {
            return null;
        }

        if (t.Width != e.Width)
        {
            Error(position, $"width mismatch: the branches are {t.Width} and {e.Width} bits");
            return null;
        }

        return new IteExpr(c, t, e);
    }

    private BoundExpr? BindCall(CallExpr call, int? expected)
    {
        switch (call.Function)
        {
            case "zext" or "sext":
                return BindExtend(call);
            case "ite":
                if (call.Arguments.Length != 3)
                {
                    Error(call.Position, $"ite takes 3 arguments (condition, then, else), found {call.Arguments.Length}");
                    return null;
                }

                return BindIte(call.Arguments[0], call.Arguments[1], call.Arguments[2], expected, call.Position);
            case "selects":
                return BindSelects(call);
            default:
                Error(call.Position, $"unknown function '{call.Function}': expected zext, sext, ite or selects");
                return null;
        }
    }

    // selects(r, REG): whether the register operand r names REG. The operand's value is its index in the
    // group, so this is an equality on the operand itself, not on the registers' contents (which `r == REG`
    // would compare): an instruction whose group covers several registers can treat one of them apart
    // (VT-x exits on MOV to CR3 but not to CR0).
    private BoundExpr? BindSelects(CallExpr call)
    {
        if (call.Arguments.Length != 2 || call.Arguments[0] is not NameExpr operandName || call.Arguments[1] is not NameExpr registerName)
        {
            Error(call.Position, "selects takes a register operand and a register name, as in selects(c, CR3)");
            return null;
        }

        if (_scope.FindOperand(operandName.Name) is not { Kind: OperandKind.Register } operand)
        {
            Error(operandName.Position, $"'{operandName.Name}' is not a register operand of this instruction: selects needs one");
            return null;
        }

        var position = operand.Registers.IndexOf(_scope.FindRegister(registerName.Name)?.Index ?? -1);
        if (position < 0)
        {
            Error(registerName.Position, $"'{registerName.Name}' is not in group {operand.Group} of operand '{operand.Name}': expected one of {string.Join(", ", operand.Registers.Select(i => _scope.Registers[i].Name))}");
            return null;
        }

        return new BinaryBound(BinaryOp.Equal, new OperandRead(operand.Index, operand.Width), new ConstExpr((ulong)position, operand.Width), 1);
    }

    private BoundExpr? BindExtend(CallExpr call)
    {
        if (call.Arguments.Length != 2 || call.Arguments[1] is not NumberExpr { Width: null } widthArg)
        {
            Error(call.Position, $"{call.Function} takes a value and a plain width, as in {call.Function}(x, 32)");
            return null;
        }

        var width = (int)Math.Min(widthArg.Value, 65);
        if (width is < 1 or > 64)
        {
            Error(widthArg.Position, $"width {widthArg.Value} is out of range: expected 1 to 64");
            return null;
        }

        var value = Bind(call.Arguments[0], null);
        if (value is null)
        {
            return null;
        }

        if (value.Width > width)
        {
            Error(call.Position, $"width mismatch: cannot {call.Function} a {value.Width}-bit value to {width} bits");
            return null;
        }

        return new ExtendExpr(value, width, call.Function == "sext");
    }

    private BoundStmt? BindAssign(AssignStmt assign)
    {
        var target = BindTarget(assign.Target);
        if (target is null)
        {
            return null;
        }

        var value = Bind(assign.Value, target.Width);
        if (value is null)
        {
            return null;
        }

        if (value.Width != target.Width)
        {
            Error(assign.Value.Position, $"width mismatch: {target.Description} is {target.Width} bits but the value is {value.Width} bits");
            return null;
        }

        return target.Make(value);
    }

    /// <summary>A resolved assignment target: its width, how to name it, and how to build the statement.</summary>
    private sealed record Target(int Width, string Description, Func<BoundExpr, BoundStmt> Make);

    private Target? BindTarget(Expr expr)
    {
        switch (expr)
        {
            case NameExpr name:
                return WholeTarget(name, name.Name);
            case FieldExpr { Target: NameExpr owner } field:
                var definition = FieldOf(field);
                return definition is null ? null : PartTarget(owner, definition.High, definition.Low, $"{owner.Name}.{field.Field}");
            case IndexExpr { Target: NameExpr owner } index:
                if (LookupLocal(owner.Name) is null && _scope.FindOperand(owner.Name) is null && _scope.FindRegister(owner.Name) is null
                    && _scope.MemoryAccessWidth(owner.Name) is { } width)
                {
                    var access = BindMemoryAccess(index, width);
                    return access is null ? null : new Target(access.Width, $"{owner.Name}[...]", v => new MemoryWrite(access.Address, access.Cells, v));
                }

                var whole = WholeTarget(owner, owner.Name);
                var bounds = whole is null ? null : SliceBounds(index, new ConstExpr(0, whole.Width));
                return bounds is null ? null : PartTarget(owner, bounds.Value.High, bounds.Value.Low, $"{owner.Name}[{bounds.Value.High}:{bounds.Value.Low}]");
            default:
                Error(expr.Position, "cannot assign to this: expected a register, a register field or slice, a register operand or memory");
                return null;
        }
    }

    private Target? WholeTarget(NameExpr name, string description)
    {
        var width = PartTarget(name, -1, -1, description)?.Width;
        return width is null ? null : PartTarget(name, width.Value - 1, 0, description);
    }

    private Target? PartTarget(NameExpr name, int high, int low, string description)
    {
        if (_scope.FindOperand(name.Name) is { } operand)
        {
            if (operand.Kind != OperandKind.Register)
            {
                Error(name.Position, $"cannot assign to operand '{name.Name}': only register operands can be written");
                return null;
            }

            var width = high < 0 ? _scope.Registers[operand.Registers[0]].Width : high - low + 1;
            return new Target(width, description, v => new AssignRegisterOperand(operand.Index, operand.Registers, high, low, v));
        }

        if (LookupLocal(name.Name) is null && _scope.FindRegister(name.Name) is { } register)
        {
            var width = high < 0 ? register.Width : high - low + 1;
            return new Target(width, description, v => new AssignRegister(register.Index, high, low, v));
        }

        Error(name.Position, LookupLocal(name.Name) is not null
            ? $"cannot assign to '{name.Name}': let names are immutable"
            : $"unknown register '{name.Name}': expected a register, a register operand or memory");
        return null;
    }
}
