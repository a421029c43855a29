using System.Security.Cryptography;
using System.Text;

namespace Chats;

/// <summary>The key of a user's <see cref="IUserTokensGrain"/>.</summary>
public static class UserTokenKeys
{
    /// <summary>
    /// The user's grain key (<see cref="TenantKeys.Scope"/>) when it fits a grain-state row, else <c>~</c>
    /// and its SHA-256: encoded keys never start with <c>~</c>, so the two forms cannot meet.
    /// </summary>
    public static string GrainKey(string scopedUserKey)
    {
        ArgumentNullException.ThrowIfNull(scopedUserKey);
        return scopedUserKey.Length <= StorageKeys.MaxStateKeyLength
            ? scopedUserKey
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scopedUserKey)));
    }
}
