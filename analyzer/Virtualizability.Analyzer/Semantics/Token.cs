namespace Virtualizability.Analyzer.Semantics;

public enum TokenKind
{
    Identifier,
    Number,
    Keyword,
    Operator,
    End,
}

/// <summary>
/// A lexed token. <see cref="Width"/> is set only for sized literals (<c>32'h10</c>); plain numbers take
/// the width their context demands.
/// </summary>
public sealed record Token(TokenKind Kind, string Text, TextPosition Position, ulong Value = 0, int? Width = null)
{
    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsOperator(string text) => Is(TokenKind.Operator, text);

    public bool IsKeyword(string text) => Is(TokenKind.Keyword, text);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of text",
        TokenKind.Identifier => $"name '{Text}'",
        TokenKind.Number => $"number '{Text}'",
        _ => $"'{Text}'",
    };
}
