namespace Chats.MessageLog;

/// <summary>
/// The read markers of one chat's members, in memory. Also answers, for any member, the furthest
/// marker of the others (what "seen" shows) from the two furthest markers, so a round of chat-list
/// updates over a thousand members stays linear.
/// </summary>
internal sealed class ReadMarkers
{
    private readonly Dictionary<string, ReadState> _markers = new(StringComparer.Ordinal);
    private (string? User, DateTimeOffset At)[]? _furthestTwo;

    public ReadState? Get(string userId) => _markers.TryGetValue(userId, out var state) ? state : null;

    public void Set(string userId, ReadState state)
    {
        _markers[userId] = state;
        _furthestTwo = null;
    }

    public void Clear()
    {
        _markers.Clear();
        _furthestTwo = null;
    }

    /// <summary>The furthest read marker of any member but <paramref name="userId"/>; null if none has one.</summary>
    public DateTimeOffset? FurthestOtherThan(string userId)
    {
        _furthestTwo ??= FindFurthestTwo();
        foreach (var (user, at) in _furthestTwo)
        {
            if (user is not null && user != userId)
            {
                return at;
            }
        }

        return null;
    }

    private (string? User, DateTimeOffset At)[] FindFurthestTwo()
    {
        (string? User, DateTimeOffset At) first = (null, DateTimeOffset.MinValue), second = (null, DateTimeOffset.MinValue);
        foreach (var (user, state) in _markers)
        {
            if (first.User is null || state.LastReadAt > first.At)
            {
                second = first;
                first = (user, state.LastReadAt);
            }
            else if (second.User is null || state.LastReadAt > second.At)
            {
                second = (user, state.LastReadAt);
            }
        }

        return [first, second];
    }
}
