using System.Collections.Immutable;
using Microsoft.Z3;

namespace Virtualizability.Analyzer.Symbolic;

/// <summary>
/// An instruction as a transition relation: for each trap kind the condition under which it is raised (the
/// conditions are disjoint), and the next state, meaningful where no trap is raised.
/// </summary>
public sealed record SymbolicOutcome(
    ImmutableArray<BoolExpr> TrapConditions,
    BoolExpr Completes,
    ImmutableArray<BitVecExpr> Registers,
    ArrayExpr? Memory);
