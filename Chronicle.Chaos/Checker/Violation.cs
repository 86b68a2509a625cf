namespace Chronicle.Chaos.Checker;

/// <summary>A property the run broke, and how.</summary>
internal sealed record Violation(string Property, string Detail);
