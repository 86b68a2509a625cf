namespace Chronicle.Domain;

/// <summary>
/// Assertions on invariants that must hold whatever the input. A failure means a bug or
/// corrupted history, never bad input (bad input is rejected before it reaches the fold),
/// so it throws and the actor stops rather than carry on with a wrong balance.
/// </summary>
public static class Invariant
{
    public static void Require(bool condition, string description)
    {
        if (!condition) throw new InvariantViolatedException(description);
    }
}

public sealed class InvariantViolatedException(string description) : Exception($"invariant violated: {description}");
