using System.Collections.Concurrent;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Analyzer.Tests.Support;

/// <summary>Each shipped spec is classified once per guest mode for the whole test run: it takes seconds.</summary>
public static class Classifications
{
    private static readonly ConcurrentDictionary<(string Spec, string? Guest), Lazy<SpecClassification>> Cache = new();

    public static SpecClassification Of(string specFile, string? guestMode = null)
    {
        // The spec's default guest mode and the same mode named explicitly are one classification.
        var spec = SpecLoader.Load(Path.Combine(Repo.Specs, specFile));
        var guest = guestMode ?? spec.Vmm.GuestSupervisorMode;
        return Cache.GetOrAdd((specFile, guest), key => new Lazy<SpecClassification>(() =>
            SpecClassifier.Classify(spec, new ClassifierOptions(key.Guest, Jobs: 2)))).Value;
    }
}
