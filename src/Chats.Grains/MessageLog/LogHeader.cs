using System.Collections.Immutable;

namespace Chats.MessageLog;

/// <summary>A log's header: the fence of every commit, and the counters and read markers unread counts are computed from.</summary>
/// <param name="DeletedOrdinals">The ordinals of deleted messages, ascending (the newest <see cref="MaxDeletedOrdinals"/>).</param>
/// <param name="Reads">The members' read markers, by user id.</param>
/// <param name="Roster">
/// The chat's members, name and metadata, stored in a row of their own beside the header and changed
/// only with it; null for a distinct chat that never had a name (its members are fixed in its state).
/// </param>
internal sealed record class LogHeader(
    DateTimeOffset? LastSentAt,
    long LastSeq,
    long MessageCount,
    IReadOnlyList<long> DeletedOrdinals,
    ImmutableDictionary<string, ReadState> Reads,
    Members.ChatRoster? Roster = null)
{
    /// <summary>
    /// The first seq stored in blocks of many events. A log written by a release before blocks keeps
    /// its earlier seqs (and its messages from before events) as rows of their own, read as they are.
    /// </summary>
    public long BlocksFrom { get; init; } = 1;

    /// <summary>Whether the log has rows from before blocks (seqs before <see cref="BlocksFrom"/>, or messages from before events).</summary>
    public bool HasRowsBeforeBlocks { get; init; }

    /// <summary>The newest deletions kept (8 bytes each, under a table property's 64 KiB).</summary>
    public const int MaxDeletedOrdinals = 8000;

    public static LogHeader Empty { get; } = new(null, 0, 0, [], ImmutableDictionary.Create<string, ReadState>(StringComparer.Ordinal));

    /// <summary>
    /// How many messages after <paramref name="ordinal"/> are unread: every message after a member's
    /// marker is another member's (posting moves the author's), less the deleted ones.
    /// </summary>
    public int UnreadAfter(long ordinal)
    {
        var deletedAfter = DeletedOrdinals.Count - UpperBound(DeletedOrdinals, ordinal);
        return (int)Math.Clamp(MessageCount - ordinal - deletedAfter, 0, ChatLimits.MaxUnreadCount);
    }

    // The index of the first value greater than `value` in an ascending list.
    private static int UpperBound(IReadOnlyList<long> ascending, long value)
    {
        int low = 0, high = ascending.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (ascending[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>A member's read marker: the time read up to, and the ordinal of the newest message at or before it.</summary>
internal readonly record struct ReadState(DateTimeOffset LastReadAt, long Ordinal);
