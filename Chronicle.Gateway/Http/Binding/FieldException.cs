using System.Text.Json;

namespace Chronicle.Gateway.Http;

/// <summary>
/// What a request converter (<see cref="MoneyConverter"/>, <see cref="MetadataConverter"/>) finds wrong with its field,
/// in the words the client is told under the field's name (<see cref="RequestFields"/>).
/// </summary>
internal sealed class FieldException(string message) : JsonException(message);
