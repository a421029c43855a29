using System.Collections.Immutable;

namespace Chats.MessageLog;

/// <summary>
/// The read markers of one chat's members (as the log's header holds them), and, for any member, the
/// furthest marker of the others (what "seen" shows), from the two furthest markers found once, so a
/// round of chat-list updates over a thousand members stays linear.
/// </summary>
internal sealed class ReadMarkers(ImmutableDictionary<string, ReadState> markers)
{
    private (string? User, DateTimeOffset At)[]? _furthestTwo;

    public static ReadMarkers Empty { get; } = new(ImmutableDictionary.Create<string, ReadState>(StringComparer.Ordinal));

    public ReadState? Get(string userId) => markers.TryGetValue(userId, out var state) ? state : null;

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
        foreach (var (user, state) in markers)
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
