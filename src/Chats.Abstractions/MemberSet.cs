using System.Security.Cryptography;
using System.Text;

namespace Chats;

/// <summary>The canonical form of a chat's members: sorted ordinally, de-duplicated, empty ids dropped.</summary>
public sealed class MemberSet
{
    // Keys longer than this are hashed so every member set maps to a short, fixed-size grain key.
    private const int MaxPlainKeyLength = 200;

    // User ids never contain control characters, so this separator cannot occur inside one.
    private const char Separator = '\u001f';

    private MemberSet(IReadOnlyList<string> userIds, string grainKey)
    {
        UserIds = userIds;
        GrainKey = grainKey;
    }

    /// <summary>The members in canonical order.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>The key of the <see cref="IMemberSetGrain"/> that owns this set's chat.</summary>
    public string GrainKey { get; }

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
        return new MemberSet(sorted, ToGrainKey(sorted));
    }

    private static string ToGrainKey(string[] sortedUserIds)
    {
        var joined = string.Join(Separator, sortedUserIds);
        if (joined.Length <= MaxPlainKeyLength)
        {
            return joined;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return "sha256:" + Convert.ToHexStringLower(hash);
    }
}
