using System.Collections.Immutable;
using Virtualizability.Analyzer.Proving;
using Virtualizability.Checker.Runs;

namespace Virtualizability.Checker;

/// <summary>A witness or counterexample replayed on the concrete machine: did it show its claimed difference?</summary>
public sealed record ReplayCase(string Kind, string Instruction, string Claim, bool Reproduced, string Detail);

/// <summary>A randomized differential run that diverged: the instruction, its start state's seed and the divergence.</summary>
public sealed record RandomFailure(string Instruction, int Seed, string Detail);

/// <summary>Randomized differential runs of single instructions, bare metal against the VMM, for the proved obligations.</summary>
public sealed record RandomRuns(long Runs, int Seed, int Instructions, long Skipped, ImmutableArray<RandomFailure> Failures);

/// <summary>What <c>virt check</c> found for one spec and one VMM design.</summary>
public sealed record CheckReport(string Spec, VmmDesign Design, CheckRun? Program, ImmutableArray<ReplayCase> Replays, RandomRuns? Random)
{
    /// <summary>The hardware VMM's VM-execution control setting, by name (null for the other designs and for replays).</summary>
    public ImmutableArray<string>? Controls { get; init; }

    /// <summary>True when the guest ran equivalently, every replay reproduced and no random run diverged.</summary>
    public bool Passed => Program is not { Equivalent: false } && Replays.All(r => r.Reproduced) && Random is not { Failures.IsEmpty: false };
}
