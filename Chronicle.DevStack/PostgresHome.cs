namespace Chronicle.DevStack;

/// <summary>
/// Where the dev stack's PostgreSQL servers keep their data and sockets. A server runs as the postgres
/// OS user, which must be able to traverse every directory down to them, and a unix socket's path must
/// stay under ~107 bytes. When .chronicle/ does not allow either (a checkout under /root, mode 700, or
/// a deep path), they live under /var/lib/chronicle/&lt;hash of the checkout's path&gt;/ instead, with
/// .chronicle/pg-events and friends as symlinks to them. Decided once, then read back from what exists.
/// </summary>
internal static class PostgresHome
{
    private static readonly string[] Entries = ["pg-events", "pg-socket", "pg-read", "pg-read-socket", "pg-ha", "pg-read-ha"];

    public static string Resolve(string root, string state)
    {
        if (Entries.Any(e => Directory.Exists(Path.Combine(state, e)))) // what an earlier up made (symlinks included)
        {
            // An entry added since (pg-ha, pg-read-ha) goes where the others went: beside them, or under their home.
            if (new DirectoryInfo(Path.Combine(state, "pg-events")).LinkTarget is { } target) Link(state, Path.GetDirectoryName(target)!);
            return state;
        }
        if (OthersMayTraverse(state) && Path.Combine(state, "pg-read-socket", ".s.PGSQL.65535").Length <= 100) return state;
        var home = Path.Combine("/var/lib/chronicle", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(root)))[..16]);
        Directory.CreateDirectory(home);
        File.SetUnixFileMode("/var/lib/chronicle", Traversable);
        File.SetUnixFileMode(home, Traversable);
        File.WriteAllText(Path.Combine(home, "repository"), root + "\n"); // which checkout this belongs to
        Directory.CreateDirectory(state);
        Link(state, home);
        return state;
    }

    /// <summary>Each entry missing from <paramref name="state"/>: a directory under <paramref name="home"/> and a symlink to it.</summary>
    private static void Link(string state, string home)
    {
        foreach (var entry in Entries.Where(e => !Directory.Exists(Path.Combine(state, e))))
        {
            Directory.CreateDirectory(Path.Combine(home, entry)); // the wrappers give them to the postgres user
            Directory.CreateSymbolicLink(Path.Combine(state, entry), Path.Combine(home, entry));
        }
    }

    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Every directory from / down to <paramref name="path"/> (created if missing) lets others through.</summary>
    private static bool OthersMayTraverse(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Traversable);
        for (var directory = new DirectoryInfo(path); directory is not null; directory = directory.Parent)
            if (!directory.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        return true;
    }
}
