namespace Chats.Typing;

/// <summary>
/// Who is typing in one chat, in memory only: a start counts at most once per
/// <see cref="ChatLimits.TypingInterval"/> per member (the rest are dropped), and lapses
/// <see cref="ChatLimits.TypingTimeout"/> after the last one that counted.
/// </summary>
internal sealed class ChatTyping(TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset CountedAt, DateTimeOffset ExpiresAt)> _typing = new(StringComparer.Ordinal);

    public bool Any => _typing.Count > 0;

    /// <summary>Whether this start counts (and is to be heard).</summary>
    public bool Start(string userId)
    {
        var now = time.GetUtcNow();
        if (_typing.TryGetValue(userId, out var typing) && now - typing.CountedAt < ChatLimits.TypingInterval)
        {
            return false;
        }

        _typing[userId] = (now, now + ChatLimits.TypingTimeout);
        return true;
    }

    /// <summary>Whether the member was typing (and the stop is to be heard).</summary>
    public bool Stop(string userId) => _typing.Remove(userId);

    /// <summary>The members whose typing lapsed, now no longer typing.</summary>
    public List<string> Expire()
    {
        var now = time.GetUtcNow();
        var lapsed = _typing.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList();
        foreach (var userId in lapsed)
        {
            _typing.Remove(userId);
        }

        return lapsed;
    }
}
