namespace Virtualizability.Analyzer.Concrete;

/// <summary>
/// Bit-vector operations on values kept in the low bits of a ulong, with SMT-LIB semantics (so that the
/// concrete machine and Z3 agree, including on shifts by the width or more).
/// </summary>
public static class BitOps
{
    public static ulong Mask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

    public static long ToSigned(ulong value, int width) =>
        width >= 64 ? (long)value : (long)(value << (64 - width)) >> (64 - width);

    public static ulong SignExtend(ulong value, int from, int to) => (ulong)ToSigned(value, from) & Mask(to);

    public static ulong ShiftLeft(ulong value, ulong amount, int width) =>
        amount >= (ulong)width ? 0 : (value << (int)amount) & Mask(width);

    public static ulong ShiftRightLogical(ulong value, ulong amount, int width) =>
        amount >= (ulong)width ? 0 : value >> (int)amount;

    public static ulong ShiftRightArithmetic(ulong value, ulong amount, int width)
    {
        var shift = (int)Math.Min(amount, (ulong)width - 1);
        return (ulong)(ToSigned(value, width) >> shift) & Mask(width);
    }

    /// <summary>Bits High..Low of <paramref name="old"/> replaced by <paramref name="value"/>.</summary>
    public static ulong Overwrite(ulong old, int high, int low, ulong value)
    {
        var field = Mask(high - low + 1) << low;
        return (old & ~field) | ((value << low) & field);
    }
}
