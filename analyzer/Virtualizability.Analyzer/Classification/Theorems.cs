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

    // Refinement: a clock read counts as a timing dependency only if it can run without trapping in a
    // deprivileged guest mode. A clock reader whose privileged answer is unknown leaves the verdict unknown.
    private static TheoremVerdict Theorem2(ImmutableArray<InstructionClassification> instructions, TheoremVerdict theorem1)
    {
        var readers = instructions.Where(i => i.ReadsClock).ToList();
        var clocks = readers.Where(i => RunsInSomeGuestMode(i) == Answer.Yes).Select(i => i.Name).ToImmutableArray();
        var undecided = readers.Where(i => RunsInSomeGuestMode(i) == Answer.Unknown).Select(i => i.Name).ToImmutableArray();
        if (theorem1.Holds != Answer.Yes)
        {
            return new("Theorem 2", theorem1.Holds, "needs Theorem 1", theorem1.Culprits.AddRange(clocks));
        }

        if (clocks.Length > 0)
        {
            return new("Theorem 2", Answer.No, "instructions read a clock without trapping: timing dependencies", clocks);
        }

        return undecided.Length > 0
            ? new("Theorem 2", Answer.Unknown, "whether these clock readers trap in the guest is unknown", undecided)
            : new("Theorem 2", Answer.Yes, "Theorem 1 holds and no instruction reads a clock unseen: recursively virtualizable", []);
    }

    // Yes when some guest mode lets it run (a privileged answer is no), unknown when one answer is unknown.
    private static Answer RunsInSomeGuestMode(InstructionClassification i)
    {
        var answers = new[] { i.Privileged.Answer, i.PrivilegedInGuestUser.Answer };
        return answers.Contains(Answer.No) ? Answer.Yes : answers.Contains(Answer.Unknown) ? Answer.Unknown : Answer.No;
    }

    // Theorem 3's "privileged" is asked for the mode that runs virtual user code (vmm.guest_user_mode).
    private static TheoremVerdict Theorem3(ImmutableArray<InstructionClassification> instructions)
    {
        var userSensitive = instructions.Where(i => i.UserSensitive.Answer == Answer.Yes).ToList();
        var failing = userSensitive.Where(i => i.PrivilegedInGuestUser.Answer == Answer.No).Select(i => i.Name).ToImmutableArray();
        var unknown = instructions
            .Where(i => i.UserSensitive.Answer == Answer.Unknown || (i.UserSensitive.Answer == Answer.Yes && i.PrivilegedInGuestUser.Answer == Answer.Unknown))
            .Select(i => i.Name).ToImmutableArray();
        if (failing.Length > 0)
        {
            return new("Theorem 3", Answer.No, $"{failing.Length} user-sensitive instruction(s) are not privileged in the guest user mode", failing);
        }

        return unknown.Length > 0
            ? new("Theorem 3", Answer.Unknown, "some answers are unknown", unknown)
            : new("Theorem 3", Answer.Yes, "every user-sensitive instruction is privileged: a hybrid VMM can be built", []);
    }
}
