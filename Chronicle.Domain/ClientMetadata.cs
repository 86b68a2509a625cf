using System.Collections.Immutable;

namespace Chronicle.Domain;

/// <summary>
/// A client's labels on an account, a deposit, a withdrawal or a transfer (docs/ACCOUNTS.md, "Metadata"): string keys to
/// string values, bounded by <see cref="MaxKeys"/>, <see cref="MaxKeyLength"/> and <see cref="MaxValueLength"/>. Kept in
/// ordinal key order and compared by value, so the same labels sent in another order are the same labels (an event, a
/// request's fingerprint, the stored JSON). Never empty: no labels is null, so an event without any stores what it stored
/// before labels existed.
/// </summary>
public sealed class ClientMetadata : IEquatable<ClientMetadata>
{
    /// <summary>Keys one set of labels may have.</summary>
    public const int MaxKeys = 20;

    /// <summary>A key's length in characters (UTF-16 code units, as every length the API checks); at least 1.</summary>
    public const int MaxKeyLength = 40;

    /// <summary>A value's length in characters (UTF-16 code units); it may be empty.</summary>
    public const int MaxValueLength = 500;

    private ClientMetadata(ImmutableSortedDictionary<string, string> entries) => Entries = entries;

    /// <summary>The labels, in ordinal key order.</summary>
    public ImmutableSortedDictionary<string, string> Entries { get; }

    /// <summary>The labels <paramref name="entries"/> hold, as they are (<see cref="Problem"/> says whether they are within bounds); null for none.</summary>
    /// <exception cref="ArgumentException">A key appears twice.</exception>
    public static ClientMetadata? Of(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries) builder.Add(key, value);
        return builder.Count == 0 ? null : new ClientMetadata(builder.ToImmutable());
    }

    /// <summary>
    /// Labels from the (key, value) pairs a client sent (a value null: not a string), or what is wrong with them, as the
    /// client is told it: the first bad key or value, a key given twice, too many keys. None when there are no pairs.
    /// </summary>
    public static string? Read(IEnumerable<(string Key, string? Value)> pairs, out ClientMetadata? metadata)
    {
        metadata = null;
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if ((KeyProblem(key) ?? ValueProblem(key, value)) is { } problem) return problem;
            if (!entries.TryAdd(key, value!)) return $"key '{key}' appears more than once";
        }
        var read = Of(entries);
        if (read?.Problem() is { } tooMany) return tooMany;
        metadata = read;
        return null;
    }

    /// <summary>What is wrong with these labels, as a client is told it; null when they are within bounds.</summary>
    public string? Problem() =>
        Entries.Count > MaxKeys
            ? $"has {Entries.Count} keys; at most {MaxKeys} are accepted"
            : Entries.Select(e => KeyProblem(e.Key) ?? ValueProblem(e.Key, e.Value)).FirstOrDefault(p => p is not null);

    /// <summary>
    /// What is wrong with a key; null when it is one. No square brackets, so that a query's <c>metadata[KEY]=VALUE</c> can
    /// name every key.
    /// </summary>
    public static string? KeyProblem(string key) =>
        key.Length is 0 or > MaxKeyLength || key.Any(c => char.IsControl(c) || c is '[' or ']')
            ? $"key '{Shown(key)}' must be 1-{MaxKeyLength} characters, without control characters or square brackets"
            : null;

    /// <summary>What is wrong with the value of <paramref name="key"/> (null: not a string at all); null when it is one.</summary>
    public static string? ValueProblem(string key, string? value) =>
        value is null || value.Length > MaxValueLength || value.Any(char.IsControl)
            ? $"the value of '{Shown(key)}' must be a string of at most {MaxValueLength} characters, without control characters"
            : null;

    /// <summary>A key as a message quotes it: bounded, whatever a client sent.</summary>
    private static string Shown(string key) => key.Length > MaxKeyLength ? key[..MaxKeyLength] + "…" : key;

    public bool Equals(ClientMetadata? other) =>
        other is not null && Entries.Count == other.Entries.Count &&
        Entries.All(e => other.Entries.TryGetValue(e.Key, out var value) && value == e.Value);

    public override bool Equals(object? obj) => Equals(obj as ClientMetadata);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Entries)
        {
            hash.Add(key);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", Entries.Select(e => $"{e.Key}={e.Value}")) + "}";
}
