using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Chronicle.Gateway.Commands.Batch;

/// <summary>
/// The body of POST /commands/batch: its commands, each an object with the <c>type</c> of a write, its route's fields
/// and an optional <c>idempotency_key</c> (bound one by one: <see cref="BatchItem.Read"/>; the document shows each
/// type's own shape: OpenApi/DocumentRules).
/// </summary>
internal sealed record BatchRequest([property: MinLength(1), MaxLength(BatchEndpoint.MaxCommands)] IReadOnlyList<JsonElement> Commands);
