namespace Chronicle.Chaos.Checker;

/// <summary>A property the run broke, and how.</summary>
public sealed record Violation(string Property, string Detail);
