using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Gateway.Security;

/// <summary>
/// The API keys this node accepts now. Read from the keys file at start (a bad file stops the node)
/// and again whenever the file changes, so a key is added or revoked without a restart; during a
/// rotation the old and the new key are both in the file, both valid. A changed file that does not
/// parse is logged and ignored: the keys before it stay in force until the file is fixed.
/// </summary>
internal sealed class ApiKeyRing : IDisposable
{
    private static readonly int MaxKeyBytes = Encoding.UTF8.GetMaxByteCount(ApiKey.MaxLength);

    private readonly string? _path;
    private readonly ILogger<ApiKeyRing> _log;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloading = new();
    private volatile IReadOnlyList<ApiKey> _keys = [];

    public ApiKeyRing(SecuritySettings settings, ILogger<ApiKeyRing> log)
    {
        _log = log;
        if (settings.ApiKeysFile is not { } file)
        {
            log.LogWarning("No API keys file ({Key}): every route except /healthz and /readyz answers 401", NodeSettings.KeyOf(SecuritySettings.ApiKeysFileKey));
            return;
        }

        _path = Path.GetFullPath(file);
        _keys = Read(_path);
        Describe("API keys read from");
        // The file's directory alone, not what lies below it: the dev stack keeps the file beside its PostgreSQL and NATS
        // data directories, and a recursive watch (PhysicalFileProvider's) took every one of their writes, about 1% of the
        // machine under load. Renamed: a file replaced whole (written beside, then moved over it).
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>
    /// The key whose hash matches, or null. Every configured hash is compared, each in constant time.
    /// <paramref name="presented"/> is at most <see cref="ApiKey.MaxLength"/> characters (the handler
    /// refuses longer ones first), so it is hashed on the stack: a request's key costs no allocation.
    /// </summary>
    public ApiKey? Find(string presented)
    {
        Span<byte> utf8 = stackalloc byte[MaxKeyBytes];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(presented, utf8)], hash);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Sha256)) found = key;
        }
        return found;
    }

    /// <summary>One at a time: a write raises several events, and a slower earlier read must not land after a later one.</summary>
    private void Reload()
    {
        using var _ = _reloading.EnterScope();
        try
        {
            _keys = Read(_path!);
            Describe("API keys reloaded from");
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            _log.LogError("API keys file {Path} not reloaded, the previous {Count} keys stay in force: {Reason}", _path, _keys.Count, e.Message);
        }
    }

    private static IReadOnlyList<ApiKey> Read(string path)
    {
        try
        {
            return ApiKeysFile.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"API keys file {path}: {e.Message}", e);
        }
    }

    /// <summary>Ids and roles only: they name keys, they are not keys.</summary>
    private void Describe(string what) =>
        _log.LogInformation("{What} {Path}: {Keys}", what, _path,
            _keys.Count == 0 ? "none" : string.Join(", ", _keys.Select(k => $"{k.Id} ({k.Role})")));

    public void Dispose() => _watcher?.Dispose();
}
