using System.Collections.Immutable;

namespace Virtualizability.Analyzer.Classification;

/// <summary>Popek and Goldberg's theorems as verdicts over the instruction classes.</summary>
internal static class Theorems
{
    public static ImmutableArray<TheoremVerdict> Verdicts(ImmutableArray<InstructionClassification> instructions)
    {
        var theorem1 = Theorem1(instructions);
        return [theorem1, Theorem2(instructions, theorem1), Theorem3(instructions)];
    }

    private static TheoremVerdict Theorem1(ImmutableArray<InstructionClassification> instructions)
    {
        var critical = instructions.Where(i => i.IsCritical).Select(i => i.Name).ToImmutableArray();
        var unknown = instructions.Where(i => i.Class == InstructionClass.Unknown).Select(i => i.Name).ToImmutableArray();
        if (critical.Length > 0)
        {
            return new("Theorem 1", Answer.No, $"{critical.Length} critical instruction(s): sensitive but not privileged", critical);
        }

        return unknown.Length > 0
            ? new("Theorem 1", Answer.Unknown, "no critical instruction found, but some answers are unknown", unknown)
            : new("Theorem 1", Answer.Yes, "every sensitive instruction is privileged: a trap-and-emulate VMM can be built", []);
    }

    // Refinement: a clock read counts as a timing dependency only if it can run without trapping in the guest.
    private static TheoremVerdict Theorem2(ImmutableArray<InstructionClassification> instructions, TheoremVerdict theorem1)
    {
        var clocks = instructions.Where(i => i.ReadsClock && i.Privileged.Answer != Answer.Yes).Select(i => i.Name).ToImmutableArray();
        if (theorem1.Holds != Answer.Yes)
        {
            return new("Theorem 2", theorem1.Holds, "needs Theorem 1", theorem1.Culprits.AddRange(clocks));
        }

        return clocks.Length > 0
            ? new("Theorem 2", Answer.No, "instructions read a clock without trapping: timing dependencies", clocks)
            : new("Theorem 2", Answer.Yes, "Theorem 1 holds and no instruction reads a clock unseen: recursively virtualizable", []);
    }

    private static TheoremVerdict Theorem3(ImmutableArray<InstructionClassification> instructions)
    {
        var failing = instructions.Where(i => i.UserSensitive.Answer == Answer.Yes && i.Privileged.Answer != Answer.Yes && i.Class != InstructionClass.AlwaysTraps).ToList();
        var unknown = instructions.Where(i => i.UserSensitive.Answer == Answer.Unknown || (i.UserSensitive.Answer == Answer.Yes && i.Privileged.Answer == Answer.Unknown)).ToList();
        if (failing.Any(i => i.Privileged.Answer == Answer.No))
        {
            var names = failing.Where(i => i.Privileged.Answer == Answer.No).Select(i => i.Name).ToImmutableArray();
            return new("Theorem 3", Answer.No, $"{names.Length} user-sensitive instruction(s) are not privileged", names);
        }

        return unknown.Count > 0
            ? new("Theorem 3", Answer.Unknown, "some answers are unknown", unknown.Select(i => i.Name).ToImmutableArray())
            : new("Theorem 3", Answer.Yes, "every user-sensitive instruction is privileged: a hybrid VMM can be built", []);
    }
}
