using System.Security.Cryptography;
using System.Text;

namespace Chats.Gateway.Authentication;

/// <summary>The configured keys, checked by hash in constant time.</summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Hash, CallerPrincipal Caller)[] _keys;

    public ApiKeyRing(IOptions<ApiKeyOptions> options)
    {
        _keys = [.. options.Value.Keys.Select((key, index) => (
            Convert.FromHexString(key.Sha256),
            new CallerPrincipal(new ApiCaller(key.Tenant, key.Name.Length > 0 ? key.Name : $"key{index}"), ChatsAuthentication.ApiKeyScheme)))];
    }

    /// <summary>The caller a presented key belongs to, or null.</summary>
    public CallerPrincipal? Find(string presentedKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), hash);

        // Every configured hash is compared, in constant time, so timing tells nothing about which nearly matched.
        CallerPrincipal? found = null;
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
