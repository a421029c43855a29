namespace Chats.MessageLog;

/// <summary>
/// A message as its chat keeps it: what readers see, plus its place in the chat (<see cref="Ordinal"/>,
/// the count of messages up to it, which unread counts are computed from) and every reaction with its
/// user (readers see counts and their own).
/// </summary>
internal sealed record class StoredMessage(
    string Id,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    long Seq,
    long Ordinal,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyList<StoredReaction>? Reactions = null,
    IReadOnlyList<MessageAttachment>? Attachments = null)
{
    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The message as <paramref name="readerId"/> sees it (null: an unknown reader, without own reactions).</summary>
    public ChatMessage ToMessage(string chatKey, string? readerId = null) => new(
        Id, chatKey, AuthorId, Text, SentAt, Seq,
        new MessageDetails(EditedAt, DeletedAt, ReplyToId, Metadata, ReactionCounts(), readerId is null ? null : OwnReactions(readerId), Attachments).OrNull());

    public StoredReaction? FindReaction(string userId, string type) =>
        Reactions?.FirstOrDefault(reaction => reaction.UserId == userId && reaction.Type == type);

    public int ReactionTypeCount => Reactions is null ? 0 : Reactions.Select(reaction => reaction.Type).Distinct(StringComparer.Ordinal).Count();

    private Dictionary<string, int>? ReactionCounts()
    {
        if (Reactions is not { Count: > 0 } reactions)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reaction in reactions)
        {
            counts[reaction.Type] = counts.GetValueOrDefault(reaction.Type) + 1;
        }

        return counts;
    }

    private List<string>? OwnReactions(string readerId)
    {
        if (Reactions is not { Count: > 0 } reactions)
        {
            return null;
        }

        var own = reactions.Where(reaction => reaction.UserId == readerId).Select(reaction => reaction.Type).ToList();
        return own.Count > 0 ? own : null;
    }

    /// <summary>Whether two metadata maps hold the same pairs (null and empty are the same).</summary>
    public static bool SameMetadata(IReadOnlyDictionary<string, string>? left, IReadOnlyDictionary<string, string>? right)
    {
        var (a, b) = (left ?? Empty, right ?? Empty);
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    private static readonly Dictionary<string, string> Empty = [];
}

/// <summary>One user's reaction of one type, as stored with its message.</summary>
internal sealed record class StoredReaction(string UserId, string Type, DateTimeOffset CreatedAt)
{
    public MessageReaction ToReaction(string messageId) => new(messageId, UserId, Type, CreatedAt);
}
