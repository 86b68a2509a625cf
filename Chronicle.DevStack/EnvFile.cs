namespace Chronicle.DevStack;

/// <summary>
/// .chronicle/env: KEY=VALUE lines that a shell can source (<c>set -a; . .chronicle/env; set +a</c>)
/// and this code reads back. It holds the API keys, so it is readable by its owner only.
/// </summary>
public static class EnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return values;
        foreach (var line in File.ReadLines(path))
        {
            var equals = line.IndexOf('=');
            if (line.StartsWith('#') || equals <= 0) continue;
            values[line[..equals]] = line[(equals + 1)..].Trim('\'');
        }
        return values;
    }

    /// <summary>Writes the file (mode 600, in one rename); values are single-quoted for the shell.</summary>
    public static void Write(string path, string header, IEnumerable<KeyValuePair<string, string>> values) =>
        PrivateFile.Write(path, string.Concat(values.Select(v => $"{v.Key}='{v.Value}'\n").Prepend($"# {header}\n")));
}
