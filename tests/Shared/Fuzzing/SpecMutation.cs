using System.Text;
using CsCheck;

namespace Virtualizability.Tests.Shared.Fuzzing;

/// <summary>The edits a careless hand or a broken tool makes to a spec file.</summary>
public enum MutationKind
{
    DeleteLine,
    DuplicateLine,
    SwapLines,
    ChangeNumber,
    FlipCharacter,
    InsertCharacter,
    DeleteCharacter,
    Truncate,
}

/// <summary>
/// One edit of a spec's text. Positions are drawn large and taken modulo the text, so every edit applies to
/// any file and shrinking (towards 0) moves an edit towards the start of the file.
/// </summary>
public sealed record SpecMutation(MutationKind Kind, int Position, int Other, int Choice)
{
    // Characters that mean something to YAML or to the semantics language, and some that mean nothing.
    private const string Alphabet = "{}[]():;,.'\"#|>-+*&!?%@`~^=<\\/ \t\n0123456789abcxyzXYZ_é\u00ff\u2028";

    // Numbers at the edges of what a spec allows: widths, bit positions, literal sizes.
    private static readonly string[] Numbers =
        ["0", "1", "-1", "-3", "2", "7", "8", "15", "16", "31", "32", "33", "63", "64", "65", "128", "255", "256", "4096", "65535", "4294967296", "18446744073709551615", "18446744073709551616", "99999999999999999999999"];

    public static readonly Gen<SpecMutation> One = Gen.Select(
        Gen.Enum<MutationKind>(), Gen.Int[0, 1 << 24], Gen.Int[0, 1 << 24], Gen.Int[0, 1 << 16],
        (kind, position, other, choice) => new SpecMutation(kind, position, other, choice));

    /// <summary>One to three edits, applied in turn.</summary>
    public static readonly Gen<SpecMutation[]> Some = One.Array[1, 3];

    public static string ApplyAll(string text, IEnumerable<SpecMutation> mutations) =>
        mutations.Aggregate(text, (current, mutation) => mutation.Apply(current));

    public string Apply(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (Kind)
        {
            case MutationKind.DeleteLine:
                lines.RemoveAt(Position % lines.Count);
                return string.Join('\n', lines);
            case MutationKind.DuplicateLine:
                lines.Insert(Position % lines.Count, lines[Position % lines.Count]);
                return string.Join('\n', lines);
            case MutationKind.SwapLines:
                var (a, b) = (Position % lines.Count, Other % lines.Count);
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            case MutationKind.ChangeNumber:
                return ChangeNumber(text);
            case MutationKind.FlipCharacter when text.Length > 0:
                return text.Remove(Position % text.Length, 1).Insert(Position % text.Length, Character());
            case MutationKind.InsertCharacter:
                return text.Insert(Position % (text.Length + 1), Character());
            case MutationKind.DeleteCharacter when text.Length > 0:
                return text.Remove(Position % text.Length, 1);
            case MutationKind.Truncate:
                return text[..(Position % (text.Length + 1))];
            default:
                return text;
        }
    }

    private string Character() => Alphabet[Choice % Alphabet.Length].ToString();

    // Replaces the digits of one number (the Position-th run of digits, cyclically) with an edge value.
    private string ChangeNumber(string text)
    {
        var runs = new List<(int Start, int Length)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1])))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                runs.Add((i, end - i));
            }
        }

        if (runs.Count == 0)
        {
            return text;
        }

        var (start, length) = runs[Position % runs.Count];
        return new StringBuilder(text).Remove(start, length).Insert(start, Numbers[Choice % Numbers.Length]).ToString();
    }

    public override string ToString() => Kind switch
    {
        MutationKind.ChangeNumber => $"{Kind}(number #{Position}, to {Numbers[Choice % Numbers.Length]})",
        MutationKind.FlipCharacter or MutationKind.InsertCharacter => $"{Kind}(at {Position}, '{Character()}')",
        MutationKind.SwapLines => $"{Kind}({Position}, {Other})",
        _ => $"{Kind}(at {Position})",
    };
}
