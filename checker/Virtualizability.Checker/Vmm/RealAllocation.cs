using System.Collections.Immutable;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Vmm;

/// <summary>
/// The VMM's allocator: puts a virtual state into the real registers the guest runs in, through the
/// embedding the proofs use (<see cref="Embedding"/>). The bits the embedding chooses are asked of Z3 once
/// per virtual mode (<see cref="EmbeddingAllocator"/>) and reused while the concrete premise still holds on
/// the result; the placement of memory is the guest's own (the relocation register is copied, so the
/// virtual and real states share one memory).
/// </summary>
public sealed class RealAllocation
{
    private readonly Embedding _embedding;
    private readonly ConcreteMachine _machine;
    private readonly EmbeddingAllocator _allocator;
    private readonly IReadOnlyList<RealPreference> _preferences;
    private readonly ImmutableArray<ulong> _fixed;
    private readonly ulong[] _chosen;
    private readonly Func<ulong[], MemoryTransaction, bool>[] _premise;
    private readonly Dictionary<string, ulong[]> _byMode = new(StringComparer.Ordinal);
    private readonly ControlSetting? _setting;

    /// <param name="setting">Hardware assistance: the VM-execution controls, which are Φ in place of vmm.keeps (as in the proofs).</param>
    public RealAllocation(Embedding embedding, ConcreteMachine machine, IReadOnlyList<RealPreference> preferences, ControlSetting? setting = null)
    {
        (_embedding, _machine, _preferences, _setting) = (embedding, machine, preferences, setting);
        var spec = machine.Spec;
        _allocator = new EmbeddingAllocator(embedding, machine, setting);
        _fixed = spec.Registers.Select(r => spec.Memory?.Relocation == r.Index ? BitOps.Mask(r.Width) : 0UL).ToImmutableArray();
        _chosen = embedding.Chosen.Zip(_fixed, (c, f) => c & ~f).ToArray();
        var conditions = spec.Invariants.Select(i => i.Condition);
        if (setting is null)
        {
            conditions = conditions.Append(spec.Vmm.Keeps);
        }

        if (spec.Vmm.Embedding.Allocates is { } allocates)
        {
            conditions = conditions.Append(allocates);
        }

        _premise = conditions.Select(machine.Condition).ToArray();
    }

    public Embedding Embedding => _embedding;

    /// <summary>Bits of each register the VMM chooses for the real state (the rest is the virtual state's).</summary>
    public IReadOnlyList<ulong> Chosen => _chosen;

    /// <summary>Asks Z3 how many times (once per virtual mode, unless the premise stops holding).</summary>
    public int Solves { get; private set; }

    /// <summary>Writes the real registers for <paramref name="virtualState"/> into <paramref name="real"/>; null, or why not.</summary>
    public string? Embed(MachineState virtualState, ulong[] real, MemoryTransaction transaction)
    {
        var mode = _machine.ModeOf(virtualState);
        if (_byMode.TryGetValue(mode, out var bits))
        {
            Combine(virtualState.Registers, bits, real);
            if (Holds(mode, real, transaction))
            {
                return null;
            }
        }

        Solves++;
        var allocated = _allocator.Allocate(virtualState, _preferences, _fixed, out var problem);
        if (allocated is null)
        {
            return problem;
        }

        _byMode[mode] = allocated;
        Combine(virtualState.Registers, allocated, real);
        return null;
    }

    /// <summary>Copies what the embedding copies from the real registers back into the virtual state.</summary>
    public void Sync(ulong[] real, ulong[] virtualRegisters)
    {
        for (var i = 0; i < real.Length; i++)
        {
            virtualRegisters[i] = (real[i] & ~_chosen[i]) | (virtualRegisters[i] & _chosen[i]);
        }
    }

    private void Combine(ulong[] virtualRegisters, ulong[] chosen, ulong[] real)
    {
        for (var i = 0; i < real.Length; i++)
        {
            real[i] = (virtualRegisters[i] & ~_chosen[i]) | (chosen[i] & _chosen[i]);
        }
    }

    private bool Holds(string virtualMode, ulong[] real, MemoryTransaction transaction)
    {
        foreach (var condition in _premise)
        {
            if (!condition(real, transaction))
            {
                return false;
            }
        }

        if (_setting is { } setting && setting.Violated(_machine.Spec, real) >= 0)
        {
            return false;
        }

        return !_embedding.ModeMap.TryGetValue(virtualMode, out var realMode)
            || _machine.Condition(_machine.Spec.FindMode(realMode)!.When)(real, transaction);
    }
}
