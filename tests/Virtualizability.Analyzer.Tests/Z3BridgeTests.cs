using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Z3;
using Virtualizability.Analyzer.Solving;

namespace Virtualizability.Analyzer.Tests;

/// <summary>
/// Runs the bridge tests alone: the stress test forces full collections, which would slow every
/// test running beside it, and its timing should not depend on them either.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Z3BridgeCollection
{
    public const string Name = "Z3 bridge";
}

/// <summary>
/// The native side of Z3 (on Linux: the bridge in native/z3shim over the system libz3) is the
/// least portable dependency, so it gets its own tests, including releases from the finalizer
/// thread racing with threads that each use their own context.
/// </summary>
[Collection(Z3BridgeCollection.Name)]
public sealed class Z3BridgeTests
{
    private const int Workers = 4;
    private const int ContextsPerWorker = 3;
    private const int QueriesPerContext = 80;
    private const int TermsPerQuery = 100;
    private static readonly TimeSpan StressLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public void SolvesSatisfiableBitVectorQueryWithModel()
    {
        using var context = NewContext();
        var x = context.MkBVConst("x", 8);
        using var solver = context.MkSolver();
        solver.Assert(context.MkEq(context.MkBVAdd(x, context.MkBV(3, 8)), context.MkBV(10, 8)));

        Assert.Equal(Status.SATISFIABLE, solver.Check());
        var value = Assert.IsType<BitVecNum>(solver.Model.Eval(x, true));
        Assert.Equal(7, value.Int);
    }

    [Fact]
    public void RecognisesUnsatisfiableBitVectorQuery()
    {
        using var context = NewContext();
        var x = context.MkBVConst("x", 8);
        using var solver = context.MkSolver();
        // An even number is never odd, whatever the wrap-around.
        solver.Assert(context.MkEq(context.MkBVMul(x, context.MkBV(2, 8)), context.MkBV(1, 8)));

        Assert.Equal(Status.UNSATISFIABLE, solver.Check());
    }

    [Fact]
    public void ReportsDeclarationKindsInTheManagedNumbering()
    {
        using var context = NewContext();
        var x = context.MkBVConst("x", 8);
        var sum = context.MkBVAdd(x, x);

        Assert.Equal(Z3_decl_kind.Z3_OP_UNINTERPRETED, x.FuncDecl.DeclKind);
        Assert.Equal(Z3_decl_kind.Z3_OP_BADD, sum.FuncDecl.DeclKind);
    }

    [Fact]
    public void ReportsTheNativeVersion()
    {
        Assert.True(Z3Environment.TryCheck(out var problem), problem);
        Assert.Matches(@"^\d+\.\d+\.\d+", Z3Environment.Z3Version);
    }

    [Fact]
    public void SurvivesFinalizersWhileEachThreadOwnsItsContext()
    {
        Assert.True(Z3Environment.TryCheck(out var problem), problem);
        var failures = new ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, Workers)
            .Select(seed => new Thread(() => RunWorker(seed, failures)) { IsBackground = true })
            .ToList();
        threads.ForEach(t => t.Start());

        var clock = Stopwatch.StartNew();
        while (threads.Any(t => t.IsAlive) && clock.Elapsed < StressLimit)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(20);
        }

        Assert.False(threads.Any(t => t.IsAlive), $"workers still running after {StressLimit}: deadlock?");
        Assert.Empty(failures);
    }

    private static Context NewContext()
    {
        Assert.True(Z3Environment.TryCheck(out var problem), problem);
        return new Context();
    }

    private static void RunWorker(int seed, ConcurrentQueue<Exception> failures)
    {
        try
        {
            for (var round = 0; round < ContextsPerWorker; round++)
            {
                RunContext(seed, round);
            }
        }
        catch (Exception e)
        {
            failures.Enqueue(e);
        }
    }

    // Terms are deliberately not disposed, so the finalizer thread releases them while this
    // thread keeps using the context; every other context is left to the finalizer entirely,
    // which then deletes it from the finalizer thread.
    private static void RunContext(int seed, int round)
    {
        var context = new Context();
        for (var i = 0; i < QueriesPerContext; i++)
        {
            SolveOne(context, (uint)(seed * 7919 + round * 131 + i));
            if (i % 25 == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        if (round % 2 == 0)
        {
            context.Dispose();
        }
    }

    private static void SolveOne(Context context, uint n)
    {
        var x = context.MkBVConst($"x{n}", 8);
        var y = context.MkBVConst($"y{n}", 8);
        var target = context.MkBV(n % 200 + 3, 8);
        var solver = context.MkSimpleSolver();
        solver.Assert(context.MkEq(context.MkBVAdd(x, y), target), context.MkBVUGT(x, y), Churn(context, x, y));
        Check(solver.Assertions.Length > 0, $"query {n} has no assertions");
        Check(solver.Check() == Status.SATISFIABLE, $"query {n} should be satisfiable");
        var sum = (BitVecNum)solver.Model.Eval(context.MkBVAdd(x, y), true);
        Check(sum.Int == target.Int, $"model for query {n} violates x + y = target");

        solver.Assert(context.MkEq(x, y));
        Check(solver.Check() == Status.UNSATISFIABLE, $"query {n} with x = y > y should be unsatisfiable");
    }

    // Many short-lived terms, each of which the finalizer thread will release; the result is a
    // tautology so it does not change the query.
    private static BoolExpr Churn(Context context, BitVecExpr x, BitVecExpr y)
    {
        BitVecExpr chain = x;
        for (var k = 0; k < TermsPerQuery; k++)
        {
            chain = context.MkBVXOR(context.MkBVAdd(chain, y), context.MkBV(k, 8));
        }

        return context.MkBVULE(chain, context.MkBV(255, 8));
    }

    // Worker threads report through exceptions collected by the test thread.
    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
