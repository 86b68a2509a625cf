using System.Collections.Immutable;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain;
using Npgsql;

namespace Chronicle.Gateway.Queries;

/// <summary>Labels as every answer shows them: an object of strings in key order, <c>{}</c> for none, whoever answered.</summary>
internal static class MetadataAnswer
{
    public const string Description = "The client's labels: string keys to string values; {} for none.";

    private static readonly IReadOnlyDictionary<string, string> None = ImmutableSortedDictionary<string, string>.Empty;

    public static IReadOnlyDictionary<string, string> Of(ClientMetadata? metadata) => metadata?.Entries ?? None;

    /// <summary>A read-model row's jsonb column (selected as text).</summary>
    public static IReadOnlyDictionary<string, string> Read(NpgsqlDataReader reader, int ordinal) => Of(MetadataJson.FromJson(reader.GetString(ordinal)));
}
