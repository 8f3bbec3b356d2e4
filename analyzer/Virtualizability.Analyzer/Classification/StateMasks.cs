using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Semantics;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Which bits of each register belong to which part of P&amp;G's state, worked out once per spec:
/// mode bits, control bits, user bits, the bits an invariant ties to the mode (x86 CS.RPL = CPL), and the
/// placement registers (relocation and bound).
/// </summary>
public sealed class StateMasks
{
    private StateMasks(IsaSpec spec)
    {
        Mode = spec.Registers.Select(r => RoleMask(r, Role.Mode)).ToImmutableArray();
        Control = spec.Registers.Select(r => RoleMask(r, Role.Control)).ToImmutableArray();
        User = spec.Registers.Select(r => RoleMask(r, Role.User)).ToImmutableArray();
        TiedToMode = TiedBits(spec, Mode);
        Placement = spec.Registers.Select(r => IsPlacement(spec, r.Index) ? BitOps.Mask(r.Width) : 0UL).ToImmutableArray();
    }

    public ImmutableArray<ulong> Mode { get; }

    public ImmutableArray<ulong> Control { get; }

    public ImmutableArray<ulong> User { get; }

    public ImmutableArray<ulong> TiedToMode { get; }

    public ImmutableArray<ulong> Placement { get; }

    public static StateMasks Of(IsaSpec spec) => new(spec);

    /// <summary>Bits that may differ between the two states of a pair of the given kind.</summary>
    public ImmutableArray<ulong> FreeIn(PairKind kind) => kind switch
    {
        PairKind.Mode => Mode.Zip(TiedToMode, (m, t) => m | t).ToImmutableArray(),
        PairKind.Placement => Placement,
        PairKind.Configuration => Control.Zip(Placement, (c, p) => c & ~p).ToImmutableArray(),
        PairKind.AllButUser => Mode.Zip(Control, (m, c) => m | c).Zip(TiedToMode, (mc, t) => mc | t).ToImmutableArray(),
        PairKind.ControlOnly => Control,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static ulong RoleMask(RegisterDef register, Role role)
    {
        var mask = 0UL;
        for (var bit = 0; bit < register.Width; bit++)
        {
            if (register.RoleOfBit(bit) == role)
            {
                mask |= 1UL << bit;
            }
        }

        return mask;
    }

    private static bool IsPlacement(IsaSpec spec, int register) =>
        spec.Memory is { } m && (m.Relocation == register || m.Bound == register);

    // An invariant that mentions a mode bit ties every other register bit it mentions to the mode.
    private static ImmutableArray<ulong> TiedBits(IsaSpec spec, ImmutableArray<ulong> mode)
    {
        var tied = new ulong[spec.Registers.Length];
        foreach (var invariant in spec.Invariants)
        {
            var bits = RegisterBits.Of(invariant.Condition, spec.Registers.Length);
            if (bits.Select((mask, i) => mask & mode[i]).Any(m => m != 0))
            {
                for (var i = 0; i < tied.Length; i++)
                {
                    tied[i] |= bits[i] & ~mode[i];
                }
            }
        }

        return [.. tied];
    }
}

/// <summary>How the two states of a compared pair may differ.</summary>
public enum PairKind
{
    /// <summary>Only in mode (and what invariants tie to it).</summary>
    Mode,

    /// <summary>Only in the relocation-bounds registers, with memory moved so the program sees the same.</summary>
    Placement,

    /// <summary>Only in control state other than placement.</summary>
    Configuration,

    /// <summary>In anything but the user part.</summary>
    AllButUser,

    /// <summary>In control state only (same mode), for the user-mode questions of Theorem 3.</summary>
    ControlOnly,
}
