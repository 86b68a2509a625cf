using Chronicle.Domain;

namespace Chronicle.Gateway.Http;

/// <summary>
/// On a request record's <see cref="ClientMetadata"/> property: the client's labels, read by <see cref="MetadataConverter"/>
/// from the field <see cref="Name"/>; the OpenAPI document shows them as an object of strings with their bounds (OpenApi/SchemaRules).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MetadataFieldAttribute : Attribute
{
    /// <summary>The labels' field in a request body, in an answer, and the query's <c>metadata[KEY]=VALUE</c> filters.</summary>
    public const string Name = "metadata";
}
