namespace Chronicle.Domain;

/// <summary>
/// What an account's or a transfer's id may be: the API refuses any other, and each id goes on to name a journal
/// stream (<c>account-&lt;id&gt;</c>), a feed subject token and a URL path segment, all of which this grammar fits.
/// </summary>
public static class EntityIds
{
    public const int MaxLength = 64;

    /// <summary>
    /// The grammar as a regular expression, for the OpenAPI document (JSON Schema's <c>$</c> is the end of the text). Not for
    /// checking an id in .NET, whose <c>$</c> also matches before a final newline: <see cref="IsValid"/> does.
    /// </summary>
    public const string Pattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary><see cref="Pattern"/> in words, for what a refused request is told.</summary>
    public const string InWords = "1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

    /// <summary><see cref="Pattern"/> checked by hand, to its last character: the gateway asks it of every id in a path, a query or a body, the feed of every event it forwards, projects or loads.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length is < 1 or > MaxLength) return false;
        foreach (var c in id)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-') return false;
        return true;
    }
}
