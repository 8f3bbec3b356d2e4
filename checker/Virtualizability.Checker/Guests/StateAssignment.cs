using System.Globalization;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Guests;

/// <summary>A value for a register or a field of one (<c>EFLAGS.IF=1</c>, <c>IDTR.BASE=0x3000</c>, <c>ESP=0x9000</c>).</summary>
public sealed record StateAssignment(string Name, int Register, int Low, ulong Mask, ulong Value)
{
    /// <summary>Sets the bits in a register array.</summary>
    public void ApplyTo(ulong[] registers) =>
        registers[Register] = (registers[Register] & ~Mask) | ((Value << Low) & Mask);

    public RealPreference AsPreference() => new(Register, Mask, Value << Low);

    /// <summary>Parses <c>NAME=VALUE</c>; null with a message naming what is wrong.</summary>
    public static StateAssignment? Parse(IsaSpec spec, string text, out string? error)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
        {
            error = $"'{text}' is not NAME=VALUE (a register or REG.FIELD of {spec.Name} and a number)";
            return null;
        }

        return Of(spec, text[..equals].Trim(), text[(equals + 1)..].Trim(), out error);
    }

    /// <summary>A register or REG.FIELD name and a number (decimal or 0x hex); null with a message when either is wrong.</summary>
    public static StateAssignment? Of(IsaSpec spec, string name, string value, out string? error)
    {
        error = null;
        var parts = name.Split('.');
        var register = spec.FindRegister(parts[0]);
        var field = parts.Length == 2 ? register?.FindField(parts[1]) : null;
        if (register is null || parts.Length > 2 || (parts.Length == 2 && field is null))
        {
            error = $"'{name}' is not a register or REG.FIELD of {spec.Name}";
            return null;
        }

        if (Number(value) is not { } number)
        {
            error = $"'{value}' for {name} is not a number (decimal or 0x hex)";
            return null;
        }

        var (low, width) = field is null ? (0, register.Width) : (field.Low, field.Width);
        if ((number & ~BitOps.Mask(width)) != 0)
        {
            error = $"{value} does not fit {name} ({width} bits)";
            return null;
        }

        return new StateAssignment(name, register.Index, low, BitOps.Mask(width) << low, number);
    }

    public static ulong? Number(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var ok = clean.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(clean[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(clean, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? value : null;
    }
}
