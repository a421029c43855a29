namespace Chats;

/// <summary>One stored message of a chat, as a reader sees it.</summary>
/// <param name="SentAt">Assigned by the chat; strictly increasing within the chat.</param>
/// <param name="Seq">The <see cref="ChatEvent.Seq"/> of the message's <c>message.new</c>; 0 for messages stored before events existed.</param>
/// <param name="Details">What only some messages have (an edit, a deletion, a reply, metadata, reactions); null for a plain message.</param>
[GenerateSerializer, Immutable, Alias("chats.message")]
public sealed record class ChatMessage(
    string Id,
    string ChatId,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    long Seq = 0,
    MessageDetails? Details = null)
{
    /// <summary>When the text or metadata was last changed; null if never.</summary>
    public DateTimeOffset? EditedAt => Details?.EditedAt;

    /// <summary>When the message was deleted; then its text and metadata are empty (a tombstone).</summary>
    public DateTimeOffset? DeletedAt => Details?.DeletedAt;

    /// <summary>The message of the same chat this one answers, if any.</summary>
    public string? ReplyToId => Details?.ReplyToId;

    /// <summary>App data (attachment URLs and the like); null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata => Details?.Metadata;

    /// <summary>How many users reacted with each type; null when nobody did.</summary>
    public IReadOnlyDictionary<string, int>? ReactionCounts => Details?.ReactionCounts;

    /// <summary>The files attached when the message was posted; null when none (or once it is deleted).</summary>
    public IReadOnlyList<MessageAttachment>? Attachments => Details?.Attachments;

    /// <summary>The reader's own reaction types, when the reader is known; null otherwise or when none.</summary>
    public IReadOnlyList<string>? OwnReactions => Details?.OwnReactions;
}

/// <summary>
/// The parts of a <see cref="ChatMessage"/> most messages do not have, kept apart so a plain message
/// costs nothing for them on the wire.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.message-details")]
public sealed record class MessageDetails(
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyDictionary<string, int>? ReactionCounts = null,
    IReadOnlyList<string>? OwnReactions = null,
    IReadOnlyList<MessageAttachment>? Attachments = null)
{
    /// <summary>These details, or null when they hold nothing.</summary>
    public MessageDetails? OrNull() =>
        EditedAt is null && DeletedAt is null && ReplyToId is null && Metadata is null && ReactionCounts is null && OwnReactions is null && Attachments is null
            ? null
            : this;
}
