using Virtualizability.Analyzer.Classification;
using Virtualizability.Analyzer.Proving;

namespace Virtualizability.Reports.Proving;

/// <summary>The words every proof renderer shares: a result's one word, its one line, the verdict sentence.</summary>
public static class ProofText
{
    public static string Word(ProofResult result) => result switch
    {
        ProofResult.Proved => "proved",
        ProofResult.Assumed => "assumed",
        ProofResult.Refuted => "refuted",
        _ => "unknown",
    };

    /// <summary>
    /// Whether a report carries concrete values (counterexamples, witness lines). Without them it holds only
    /// what the proof fixes, so it is the same whichever model Z3 returned.
    /// </summary>
    public static string Line(ObligationResult o, bool details) => details || o.Result is not ProofResult.Refuted ? Line(o) : o.Obligation.Failure;

    public static string Line(ObligationResult o) => o.Result switch
    {
        ProofResult.Proved p => $"{o.Obligation.Success} ({p.Explanation})",
        ProofResult.Assumed a => $"{o.Obligation.Success}, assuming {a.Assumption}",
        ProofResult.Refuted r => $"{o.Obligation.Failure}: {r.Counterexample.Reason}",
        ProofResult.Unknown u => $"{o.Obligation.Id} unknown: {u.Reason}",
        _ => throw new InvalidOperationException("unexpected proof result"),
    };

    /// <summary>The instruction's verdict: refuted if any obligation is, else unknown if any is, else proved (or patched).</summary>
    public static string Verdict(InstructionProof proof) =>
        proof.Fails ? "refuted" : proof.HasUnknowns ? "unknown" : proof.Patched ? "patched" : "proved";

    /// <summary>One line saying why: the first refuted or unknown obligation, or that all hold.</summary>
    public static string Reason(InstructionProof proof, bool details = true)
    {
        if (proof.Obligations.FirstOrDefault(o => o.Result is ProofResult.Refuted or ProofResult.Unknown) is { } first)
        {
            return Line(first, details);
        }

        return proof.Patched ? "patched: replaced by a trap; the VMM emulates it" : $"all {proof.Obligations.Length} obligations hold";
    }

    public static string Summary(SpecProof proof)
    {
        var refuted = proof.Instructions.Count(i => i.Fails);
        var unknown = proof.Instructions.Count(i => !i.Fails && i.HasUnknowns);
        var verdict = proof.ExitCode switch
        {
            0 => $"every obligation of every instruction holds: the {proof.Design.Name()} VMM is correct for this spec",
            1 => $"{refuted} instruction(s) refuted" + (proof.PatchSet.Any(p => !p.Needed) ? ", and the patch set is not minimal" : ""),
            _ => $"{unknown} instruction(s) with unknown obligations",
        };
        return verdict + (unknown > 0 && proof.ExitCode == 1 ? $"; {unknown} with unknown obligations" : "");
    }

    public static string Class(InstructionClass c) => ReportText.Word(c);

    public static string Joined(string explanation, string evidence, bool details) =>
        details && evidence.Length > 0 ? $"{explanation}: {evidence}" : explanation;
}
