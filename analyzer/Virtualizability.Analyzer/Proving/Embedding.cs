using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Proving;

/// <summary>
/// The map from a virtual state to the real state the guest runs in (DESIGN.md §5), resolved for one spec and
/// one guest supervisor mode: which real mode runs each virtual mode, which bits of the real state the VMM
/// chooses (the mode, what invariants tie to it, the shadowed control state) and which it copies (user state
/// and passed-through control state), and where the VMM's own memory is.
/// </summary>
public sealed class Embedding
{
    public const string DefaultMemoryAssumption = "the VMM's memory is out of the guest's reach: not modelled";

    private Embedding(IsaSpec spec, string guestSupervisorMode, StateMasks masks)
    {
        Spec = spec;
        Masks = masks;
        GuestSupervisorMode = guestSupervisorMode;
        var declared = spec.Vmm.Embedding;
        Passthrough = spec.Registers.Select(r => PassthroughBits(r, declared.Passthrough)).ToImmutableArray();
        Shadowed = masks.Control.Zip(Passthrough, (c, p) => c & ~p).ToImmutableArray();
        var modeChosen = spec.Registers.Any(r => (masks.Mode[r.Index] & ~Passthrough[r.Index]) != 0);
        Tied = modeChosen ? masks.TiedToMode : spec.Registers.Select(_ => 0UL).ToImmutableArray();
        Chosen = spec.Registers.Select(r => (masks.Mode[r.Index] & ~Passthrough[r.Index]) | Tied[r.Index] | Shadowed[r.Index]).ToImmutableArray();
        // Every privileged virtual mode is deprivileged to the guest supervisor mode; the guest user mode
        // runs in itself. A machine with several privileged modes (ARM's irq, abt, und, sys) gets none of
        // them for real unless vmm.mode_map says so. A mode the hardware passes through runs as itself.
        ModeMap = spec.Modes.ToImmutableDictionary(
            m => m.Name,
            m => !modeChosen ? m.Name
                : m.Name == spec.SupervisorMode ? guestSupervisorMode
                : declared.ModeMap.TryGetValue(m.Name, out var real) ? real
                : m.Name == spec.Vmm.GuestUserMode ? m.Name : guestSupervisorMode);
    }

    public IsaSpec Spec { get; }

    public StateMasks Masks { get; }

    public string GuestSupervisorMode { get; }

    /// <summary>Virtual mode → the real mode that runs it.</summary>
    public ImmutableDictionary<string, string> ModeMap { get; }

    /// <summary>Control bits whose real value is the virtual one.</summary>
    public ImmutableArray<ulong> Passthrough { get; }

    /// <summary>Control bits the VMM keeps in its own memory; the real ones are the VMM's allocation.</summary>
    public ImmutableArray<ulong> Shadowed { get; }

    /// <summary>Bits an invariant ties to a mode the VMM chooses (x86 CS.RPL); none when the mode passes through.</summary>
    public ImmutableArray<ulong> Tied { get; }

    /// <summary>Bits of the real state the VMM chooses rather than copies from the virtual state.</summary>
    public ImmutableArray<ulong> Chosen { get; }

    /// <summary>Bits a directly run instruction must leave unchanged on the real machine (RC-CONTROL) and in the virtual state (EQ-HIDDEN).</summary>
    public ImmutableArray<ulong> Owned => Masks.Mode.Zip(Shadowed, (m, s) => m | s).Zip(Passthrough, (o, p) => o & ~p).ToImmutableArray();

    /// <summary>User bits compared by EQ-USER: all but those an invariant ties to the mode (the VMM maps them back).</summary>
    public ImmutableArray<ulong> ComparedUser => Masks.User.Zip(Tied, (u, t) => u & ~t).ToImmutableArray();

    /// <summary>True when the guest's memory is placed through a relocation register the VMM chooses.</summary>
    public bool Relocates => Spec.Memory is { Relocation: { } l } && Chosen[l] != 0;

    /// <summary>Where the VMM's memory is not modelled, the assumption every report prints.</summary>
    public string? MemoryAssumption =>
        Spec.Memory is null || Spec.Vmm.Embedding.ReservedMemory is not null || Spec.Memory.Relocation is not null
            ? null
            : Spec.Vmm.Embedding.MemoryAssumption ?? DefaultMemoryAssumption;

    /// <summary>The VMM's memory in words, for reports.</summary>
    public string ReservedMemoryText =>
        Spec.Vmm.Embedding.ReservedMemoryText
        ?? (Spec.Memory is { Relocation: { } l, Bound: { } b } ? $"addr - {Spec.Registers[l].Name} >= {Spec.Registers[b].Name} (outside the guest's relocation-bounds window)"
            : MemoryAssumption ?? "none");

    public static Embedding Of(IsaSpec spec, string guestSupervisorMode) => new(spec, guestSupervisorMode, StateMasks.Of(spec));

    /// <summary>The embedding's declarations in words, for reports.</summary>
    /// <summary>The embedding in words; <paramref name="hardware"/>: Φ is the control setting (reported apart), not vmm.keeps.</summary>
    public ImmutableArray<string> Describe(bool hardware = false)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.Add("modes: " + string.Join(", ", ModeMap.OrderBy(m => Spec.Modes.IndexOf(Spec.FindMode(m.Key)!)).Select(m => $"virtual {m.Key} runs in {m.Value}")));
        var phi = hardware ? "the VM-execution control setting below" : Spec.Vmm.KeepsText;
        lines.Add("real control state: Φ = " + phi + (Spec.Vmm.Embedding.AllocatesText is { } a ? $", allocation: {a}" : ""));
        var passthrough = Spec.Vmm.Embedding.Passthrough;
        lines.Add("virtual control state: " + (passthrough.IsEmpty ? "all shadowed by the VMM" : $"passed through: {string.Join(", ", passthrough)}; the rest shadowed by the VMM"));
        lines.Add("VMM memory: " + ReservedMemoryText);
        if (Spec.Vmm.Embedding.VirtualStateText is { } bare)
        {
            lines.Add("virtual machine: " + bare);
        }

        return lines.ToImmutable();
    }

    private static ulong PassthroughBits(RegisterDef register, ImmutableArray<string> names)
    {
        var bits = 0UL;
        foreach (var name in names)
        {
            var parts = name.Split('.');
            if (parts[0] != register.Name)
            {
                continue;
            }

            bits |= parts.Length == 1
                ? BitOps.Mask(register.Width)
                : register.FindField(parts[1]) is { } f ? BitOps.Mask(f.Width) << f.Low : 0;
        }

        // Only control and mode bits can pass through; a whole register names its control and mode fields.
        return bits & NotUser(register);
    }

    private static ulong NotUser(RegisterDef register)
    {
        var mask = 0UL;
        for (var bit = 0; bit < register.Width; bit++)
        {
            mask |= register.RoleOfBit(bit) != Role.User ? 1UL << bit : 0;
        }

        return mask;
    }
}
