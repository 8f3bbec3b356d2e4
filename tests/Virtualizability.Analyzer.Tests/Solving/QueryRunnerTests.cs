using Microsoft.Z3;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Tests.Solving;

public sealed class QueryRunnerTests
{
    // x * y == 0x1234567 over 64 bits: no resource limit of 1 lets Z3 answer.
    private static BoolExpr Product(Context z3)
    {
        var x = z3.MkBVConst("x", 64);
        var y = z3.MkBVConst("y", 64);
        return z3.MkAnd(z3.MkEq(z3.MkBVMul(x, y), z3.MkBV(0x1234567, 64)), z3.MkBVUGT(x, z3.MkBV(1, 64)), z3.MkBVUGT(y, z3.MkBV(1, 64)));
    }

    [Fact]
    public void AnExhaustedSmallResourceLimitIsUnknownWithoutTheGeneralSolver()
    {
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, new SolverLimits(ResourceLimit: 1));

        var outcome = runner.Check("product", Product(z3));

        var unknown = Assert.IsType<QueryOutcome.Unknown>(outcome);
        Assert.Contains("resource", unknown.Reason);
        Assert.Equal(0, runner.GeneralSolverRuns);
    }

    [Fact]
    public void WithoutALimitTheQueryIsDecided()
    {
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, new SolverLimits());

        Assert.IsType<QueryOutcome.Sat>(runner.Check("product", Product(z3)));
    }

    [Fact]
    public void ACancelledTokenStopsTheQueryInsteadOfAnsweringUnknown()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var z3 = new Context();
        using var runner = new QueryRunner(z3, new SolverLimits(), cancelled.Token);

        Assert.Throws<OperationCanceledException>(() => runner.Check("product", Product(z3)));
    }
}
