using System.Security.Cryptography;
using System.Text;

namespace Chats.Gateway.Security;

/// <summary>The configured keys, checked by hash in constant time.</summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Hash, ApiCaller Caller)[] _keys;

    public ApiKeyRing(IOptions<ApiKeyOptions> options)
    {
        _keys = [.. options.Value.Keys.Select((key, index) => (
            Convert.FromHexString(key.Sha256),
            new ApiCaller(key.Tenant, key.Name.Length > 0 ? key.Name : $"key{index}")))];
    }

    /// <summary>False when no keys are configured: the API is open.</summary>
    public bool Enabled => _keys.Length > 0;

    /// <summary>The caller a presented key belongs to, or null.</summary>
    public ApiCaller? Find(string presentedKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), hash);

        // Every configured hash is compared, in constant time, so timing tells nothing about which nearly matched.
        ApiCaller? found = null;
        foreach (var (expected, caller) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found = caller;
            }
        }

        return found;
    }
}

/// <summary>Who is calling: the tenant whose data the request reaches, and the key's name.</summary>
public sealed record class ApiCaller(string Tenant, string KeyName)
{
    /// <summary>The caller of an open service (no keys configured).</summary>
    public static ApiCaller Anonymous { get; } = new(TenantKeys.DefaultTenant, "anonymous");

    /// <summary>The grain key of a tenant-local id (a user) for this caller.</summary>
    public string Scope(string key) => TenantKeys.Scope(Tenant, key);

    /// <summary>
    /// The grain key of a chat id for this caller, or null when the id cannot name a chat: longer than
    /// <paramref name="maxIdLength"/> or, scoped and escaped, than a grain-state key may be (chat ids are
    /// UUIDs), or holding control characters (U+0001 marks tenant keys).
    /// </summary>
    public string? ChatKeyOf(string chatId, int maxIdLength) =>
        chatId.Length > maxIdLength || chatId.Any(char.IsControl) || Scope(chatId) is not { Length: <= StorageKeys.MaxStateKeyLength } key
            ? null
            : key;

    /// <summary>Lets handlers take the caller as a parameter.</summary>
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context) => ValueTask.FromResult<ApiCaller?>(context.GetCaller());
}
