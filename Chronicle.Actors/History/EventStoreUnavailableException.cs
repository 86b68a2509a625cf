namespace Chronicle.Actors.History;

/// <summary>History could not be read: the event store failed or did not answer in time. Retrying later may succeed.</summary>
public sealed class EventStoreUnavailableException(string message, Exception? cause) : Exception(message, cause);
