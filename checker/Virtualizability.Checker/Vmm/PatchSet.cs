using System.Collections.Immutable;
using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Scanning;
using Virtualizability.Analyzer.Spec;

namespace Virtualizability.Checker.Vmm;

/// <summary>
/// The instructions a patching VMM replaces: the critical ones, from the classifier's answer for the spec
/// (cached by content hash as for <c>virt scan</c>), never from a list.
/// </summary>
public static class PatchSet
{
    public static ImmutableHashSet<string> Critical(IsaSpec spec, string? guestMode, string? cacheDirectory)
    {
        if (guestMode is not null && guestMode != spec.Vmm.GuestSupervisorMode)
        {
            var classification = SpecClassifier.Classify(spec, new ClassifierOptions(guestMode));
            return classification.Instructions.Where(i => i.IsCritical).Select(i => i.Name).ToImmutableHashSet();
        }

        var verdicts = new VerdictCache(cacheDirectory).GetOrAnalyze(spec, s => SpecClassifier.Classify(s, new ClassifierOptions()), out _);
        return verdicts.Where(v => v.Class == InstructionClass.Critical).Select(v => v.Instruction).ToImmutableHashSet();
    }
}
