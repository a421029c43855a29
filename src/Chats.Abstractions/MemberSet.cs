using System.Security.Cryptography;
using System.Text;

namespace Chats;

/// <summary>The canonical form of a chat's members: sorted ordinally, de-duplicated, empty ids dropped.</summary>
public sealed class MemberSet
{
    // Sets whose encoded key would be longer are hashed, so every member-set grain key stays short
    // enough for a grain-state row key (at most about 270 characters with a tenant).
    private const int MaxPlainKeyLength = 200;

    // User ids never contain control characters, so this separator cannot occur inside one.
    private const char Separator = '\u001f';

    private readonly string _key;

    private MemberSet(IReadOnlyList<string> userIds, string key)
    {
        UserIds = userIds;
        _key = key;
    }

    /// <summary>The members in canonical order.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>The key of the <see cref="IMemberSetGrain"/> that owns this set's chat in the default tenant.</summary>
    public string GrainKey => GrainKeyIn(TenantKeys.DefaultTenant);

    /// <summary>Canonicalizes <paramref name="userIds"/>; the result may hold fewer than two members.</summary>
    public static MemberSet From(IEnumerable<string?> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var sorted = userIds
            .Where(id => !string.IsNullOrEmpty(id))
            .Select(id => id!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new MemberSet(sorted, ToKey(sorted));
    }

    /// <summary>The key of the <see cref="IMemberSetGrain"/> that owns this set's chat in <paramref name="tenant"/>.</summary>
    public string GrainKeyIn(string tenant) => TenantKeys.Scope(tenant, _key);

    private static string ToKey(string[] sortedUserIds)
    {
        var joined = string.Join(Separator, sortedUserIds);
        if (StorageKeys.Encode(joined).Length <= MaxPlainKeyLength)
        {
            return joined;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}
