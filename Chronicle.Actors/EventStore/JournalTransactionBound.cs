using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// Bounds, on the database side, how long a journal transaction can stay open. The event feed
/// relies on it: a journal row's <c>ordering</c> is taken when its INSERT runs but becomes visible
/// only at COMMIT, so the feed waits for such a hole (<see cref="Pipeline.ForwarderOptions.GapTimeout"/>)
/// and must be sure that no transaction can still commit into it once it stops waiting.
/// The server enforces the bound whatever the client does (stalls, GC pauses, a half-dead network),
/// through session settings passed in the connection's startup packet (<c>Options=-c ...</c>),
/// which PostgreSQL and CockroachDB both accept.
/// </summary>
internal static class JournalTransactionBound
{
    /// <summary>The longest one statement may run: a journal batch insert takes milliseconds.</summary>
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest a session may sit inside an open transaction between two statements.</summary>
    public static readonly TimeSpan IdleInTransactionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a journal transaction can hold an ordering it has not committed: its INSERT
    /// (one multi-row statement), one idle gap, its COMMIT. The feed's gap wait must exceed this.
    /// </summary>
    public static readonly TimeSpan Longest = StatementTimeout + IdleInTransactionTimeout + StatementTimeout;

    /// <summary>The connection string with the bounds added to whatever <c>Options</c> it already had.</summary>
    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var bounds = $"-c statement_timeout={(int)StatementTimeout.TotalMilliseconds} " +
                     $"-c idle_in_transaction_session_timeout={(int)IdleInTransactionTimeout.TotalMilliseconds}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? bounds : $"{builder.Options} {bounds}";
        return builder.ConnectionString;
    }
}
