using System.Runtime.CompilerServices;

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

    /// <summary>
    /// As <see cref="Require(bool, string)"/>, with the description an interpolated string that is only formatted when
    /// the invariant fails: the folds assert on every event, and formatting each description anyway cost a string per
    /// assertion (time travel: three per event folded).
    /// </summary>
    public static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref FailureDescription description)
    {
        if (!condition) throw new InvariantViolatedException(description.ToStringAndClear());
    }
}

/// <summary>An invariant's description, formatted only when the condition it comes with is false.</summary>
[InterpolatedStringHandler]
public ref struct FailureDescription
{
    private DefaultInterpolatedStringHandler _text;

    public FailureDescription(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;
        _text = shouldAppend ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _text.AppendFormatted(value, format);

    public string ToStringAndClear() => _text.ToStringAndClear();
}

public sealed class InvariantViolatedException(string description) : Exception($"invariant violated: {description}");
