using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Running;

/// <summary>Why a program run ended.</summary>
public enum RunStop
{
    /// <summary>The spec's halted condition holds.</summary>
    Halted,

    /// <summary>The run used the steps it was given.</summary>
    StepLimit,

    /// <summary>Nothing decodes at the PC (bytes no definition claims, an operand form that does not fit, the end of a listing).</summary>
    DecodeError,

    /// <summary>Delivering a trap raised another trap (the trap entry itself faulted).</summary>
    TrapInTrapEntry,

    /// <summary>Whoever handles traps stopped the run.</summary>
    Stopped,
}

/// <summary>A trap raised by the instruction at <see cref="Address"/>.</summary>
public sealed record TrapEvent(string Kind, ulong Address, string Instruction);

/// <summary>What a run did: instructions completed, traps raised (the first <see cref="RunOutcome.MaxTrapsListed"/>), why it stopped.</summary>
public sealed record RunOutcome(long Completed, long TrapCount, ImmutableArray<TrapEvent> Traps, RunStop Stop, string? Message, int BlocksDecoded)
{
    public const int MaxTrapsListed = 1000;
}
