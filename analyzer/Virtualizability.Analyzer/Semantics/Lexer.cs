using System.Globalization;

namespace Virtualizability.Analyzer.Semantics;

/// <summary>Turns a body or expression text into tokens; errors are reported, never thrown.</summary>
public sealed class Lexer
{
    private static readonly HashSet<string> Keywords = ["let", "if", "else", "trap", "true", "false"];

    // Longest first, so that "<=s" wins over "<=" and "<".
    private static readonly string[] Operators =
    [
        ">>s", "<=s", ">=s", ":=", "==", "!=", "<=", ">=", "<s", ">s", "<<", ">>", "&&", "||", "++",
        "+", "-", "*", "&", "|", "^", "~", "!", "<", ">", "(", ")", "[", "]", "{", "}", ",", ";", ":", "?",
        ".", "=",
    ];

    private readonly string _text;
    private readonly List<(TextPosition Position, string Message)> _errors;
    private int _offset;
    private int _line = 1;
    private int _column = 1;

    private Lexer(string text, List<(TextPosition, string)> errors)
    {
        _text = text;
        _errors = errors;
    }

    public static IReadOnlyList<Token> Tokenize(string text, List<(TextPosition Position, string Message)> errors)
    {
        var lexer = new Lexer(text, errors);
        var tokens = new List<Token>();
        var end = new TextPosition(1, 1);
        while (lexer.Next() is { } token)
        {
            tokens.Add(token);
            end = lexer.Here;
        }

        // "found end of text" points just after the last token: the text's true end may be a blank line
        // after a block scalar, which in the file is already the next YAML key.
        tokens.Add(new Token(TokenKind.End, "", end));
        return tokens;
    }

    private TextPosition Here => new(_line, _column);

    private char Peek(int ahead = 0) => _offset + ahead < _text.Length ? _text[_offset + ahead] : '\0';

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count && _offset < _text.Length; i++)
        {
            if (_text[_offset] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            _offset++;
        }
    }

    private Token? Next()
    {
        SkipSpaceAndComments();
        if (_offset >= _text.Length)
        {
            return null;
        }

        var start = Here;
        var c = Peek();
        if (char.IsDigit(c))
        {
            return LexNumber(start);
        }

        if (char.IsLetter(c) || c == '_')
        {
            var begin = _offset;
            while (char.IsLetterOrDigit(Peek()) || Peek() == '_')
            {
                Advance();
            }

            var word = _text[begin.._offset];
            return new Token(Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier, word, start);
        }

        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_text, _offset, op, 0, op.Length) == 0 && !IsSignedSuffixFalsePositive(op))
            {
                Advance(op.Length);
                return new Token(TokenKind.Operator, op, start);
            }
        }

        _errors.Add((start, $"unexpected character '{c}'"));
        Advance();
        return Next();
    }

    // "a <s b" is the signed comparison, but "a < size" is not: the 's' must not start a name.
    private bool IsSignedSuffixFalsePositive(string op) =>
        op.EndsWith('s') && (char.IsLetterOrDigit(Peek(op.Length)) || Peek(op.Length) == '_');

    private void SkipSpaceAndComments()
    {
        while (_offset < _text.Length)
        {
            if (char.IsWhiteSpace(Peek()))
            {
                Advance();
            }
            else if (Peek() == '#')
            {
                while (_offset < _text.Length && Peek() != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token LexNumber(TextPosition start)
    {
        var begin = _offset;
        while (char.IsLetterOrDigit(Peek()) || Peek() == '_' || Peek() == '\'')
        {
            Advance();
        }

        var text = _text[begin.._offset];
        if (!NumberSyntax.TryParse(text, out var value, out var width, out var problem))
        {
            _errors.Add((start, problem));
        }

        return new Token(TokenKind.Number, text, start, value, width);
    }
}

/// <summary>Plain numbers (<c>42</c>, <c>0x2A</c>, <c>0b101</c>) and sized ones (<c>8'h2A</c>).</summary>
internal static class NumberSyntax
{
    public static bool TryParse(string text, out ulong value, out int? width, out string problem)
    {
        value = 0;
        width = null;
        problem = "";
        var digits = text.Replace("_", "");
        var quote = digits.IndexOf('\'');
        if (quote >= 0)
        {
            if (!int.TryParse(digits[..quote], out var w) || w < 1 || w > 64 || digits.Length < quote + 3)
            {
                problem = $"malformed sized number '{text}': expected W'dN, W'hN or W'bN with W from 1 to 64";
                return false;
            }

            width = w;
            if (!TryDigits(digits[(quote + 2)..], RadixOf(digits[quote + 1]), out value))
            {
                problem = $"malformed sized number '{text}': expected W'dN, W'hN or W'bN with W from 1 to 64";
                return false;
            }

            if (w < 64 && value >> w != 0)
            {
                problem = $"number '{text}' does not fit in {w} bits";
                return false;
            }

            return true;
        }

        var (radix, body) = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? (16, digits[2..])
            : digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase) ? (2, digits[2..])
            : (10, digits);
        if (!TryDigits(body, radix, out value))
        {
            problem = $"malformed number '{text}'";
            return false;
        }

        return true;
    }

    private static int RadixOf(char c) => char.ToLowerInvariant(c) switch
    {
        'h' => 16,
        'b' => 2,
        'd' => 10,
        _ => 0,
    };

    private static bool TryDigits(string digits, int radix, out ulong value)
    {
        value = 0;
        if (radix == 0 || digits.Length == 0)
        {
            return false;
        }

        return radix switch
        {
            16 => ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value),
            10 => ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => TryBinary(digits, out value),
        };
    }

    private static bool TryBinary(string digits, out ulong value)
    {
        value = 0;
        if (digits.Length > 64)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c != '0' && c != '1')
            {
                return false;
            }

            value = (value << 1) | (c == '1' ? 1UL : 0UL);
        }

        return true;
    }
}
