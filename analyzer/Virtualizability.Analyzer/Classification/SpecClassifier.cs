using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Microsoft.Z3;
using Virtualizability.Analyzer.Concrete;
using Virtualizability.Analyzer.Solving;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Classification;

/// <summary>
/// Classifies every instruction of a spec on a pool of workers, one Z3 context per instruction on its
/// worker's thread, and derives the theorems' verdicts. The result is the same whatever the worker count.
/// </summary>
public static class SpecClassifier
{
    public static SpecClassification Classify(IsaSpec spec, ClassifierOptions options, IProgress<string>? progress = null)
    {
        var guest = options.GuestSupervisorMode ?? spec.Vmm.GuestSupervisorMode;
        if (spec.FindMode(guest) is null)
        {
            throw new ArgumentException($"unknown mode '{guest}': expected one of {string.Join(", ", spec.Modes.Select(m => m.Name))}");
        }

        SpecPremises.Check(spec, guest, options.EffectiveLimits, options.Cancellation);
        var masks = StateMasks.Of(spec);
        var machine = new ConcreteMachine(spec);
        var selected = options.Only is { } only ? spec.Instructions.Where(i => only.Contains(i.Name)).ToImmutableArray() : spec.Instructions;
        var results = new InstructionClassification[selected.Length];
        var timings = new ConcurrentBag<(string Name, double Milliseconds)>();
        RunOnWorkers(options.EffectiveJobs, results.Length, i =>
        {
            options.Cancellation.ThrowIfCancellationRequested();
            using var z3 = new Context();
            using var runner = new QueryRunner(z3, options.EffectiveLimits, options.Cancellation);
            results[i] = new InstructionClassifier(z3, spec, selected[i], masks, machine, runner, guest).Classify();
            foreach (var t in runner.Timings)
            {
                timings.Add(t);
            }

            progress?.Report(selected[i].Name);
        }, options.Cancellation);
        var instructions = results.ToImmutableArray();
        var sorted = timings.Select(t => t.Milliseconds).Order().ToList();
        var slowest = timings.OrderByDescending(t => t.Milliseconds).Take(25).Select(t => $"{t.Name} {t.Milliseconds:F0} ms").ToImmutableArray();
        var statistics = new AnalysisStatistics(sorted.Count, sorted.Count == 0 ? 0 : sorted[sorted.Count / 2], sorted.Sum(), slowest);
        return new SpecClassification(
            spec.Name, spec.File, spec.SupervisorMode, guest, spec.Vmm.GuestUserMode, spec.Vmm.KeepsText,
            instructions, Theorems.Verdicts(instructions), statistics);
    }

    // Dedicated threads (not the pool): each owns its Z3 contexts from creation to disposal. Deep terms
    // need a large stack. Items 0 to count - 1 are handed out one at a time, so a slow one holds up only
    // its worker. A failure on a worker (a witness that does not replay) reaches the caller as is;
    // after a cancellation the caller sees only the cancellation.
    internal static void RunOnWorkers(int jobs, int count, Action<int> each, CancellationToken cancellation = default)
    {
        var next = -1;
        void Work()
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                each(i);
            }
        }

        var failures = new ConcurrentQueue<ExceptionDispatchInfo>();
        var threads = Enumerable.Range(0, Math.Min(jobs, count)).Select(_ => new Thread(
            () =>
            {
                try
                {
                    Work();
                }
                catch (Exception e)
                {
                    failures.Enqueue(ExceptionDispatchInfo.Capture(e));
                }
            },
            maxStackSize: 256 * 1024 * 1024)).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        cancellation.ThrowIfCancellationRequested();
        if (failures.TryDequeue(out var first))
        {
            first.Throw();
        }
    }
}
