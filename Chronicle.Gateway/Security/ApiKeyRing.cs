using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

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
    private readonly PhysicalFileProvider? _directory;
    private readonly IDisposable? _watch;
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
        // Every file name counts, dot-files too: the provider hides those by default.
        _directory = new PhysicalFileProvider(Path.GetDirectoryName(_path)!, ExclusionFilters.None);
        _watch = ChangeToken.OnChange(() => _directory.Watch(Path.GetFileName(_path)), Reload);
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

    private void Reload()
    {
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

    public void Dispose()
    {
        _watch?.Dispose();
        _directory?.Dispose();
    }
}
