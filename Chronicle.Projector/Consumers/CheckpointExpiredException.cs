namespace Chronicle.Projector.Consumers;

/// <summary>
/// The stream no longer holds all that follows a reader's checkpoint: its retention (Chronicle:Forwarder:StreamMaxBytes)
/// dropped messages the reader had not taken. <see cref="CheckpointedConsumer"/> throws it rather than place the consumer at
/// the stream's first message, which would pass over them without a word; the reader decides what the loss means
/// (<see cref="CheckpointedReader.CatchUpAsync"/>).
/// </summary>
/// <param name="Checkpoint">The reader's checkpoint: the stream sequence it had taken everything up to.</param>
/// <param name="FirstSequence">The stream's first message now; those from after the checkpoint to before it are gone.</param>
/// <param name="FirstOrdering">The journal ordering of that first message: every event the gone messages carried is below it.</param>
internal sealed class CheckpointExpiredException(ulong Checkpoint, ulong FirstSequence, long FirstOrdering)
    : Exception($"the stream starts at message {FirstSequence}: messages {Checkpoint + 1} to {FirstSequence - 1}, after the checkpoint, are gone (its retention)")
{
    public ulong Checkpoint { get; } = Checkpoint;

    public ulong FirstSequence { get; } = FirstSequence;

    public long FirstOrdering { get; } = FirstOrdering;
}
