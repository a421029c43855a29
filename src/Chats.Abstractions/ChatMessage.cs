namespace Chats;

/// <summary>One stored message of a chat, as a reader sees it.</summary>
/// <param name="SentAt">Assigned by the chat; strictly increasing within the chat.</param>
/// <param name="EditedAt">When the text or metadata was last changed; null if never.</param>
/// <param name="DeletedAt">When the message was deleted; then its text and metadata are empty (a tombstone).</param>
/// <param name="ReplyToId">The message of the same chat this one answers, if any.</param>
/// <param name="Metadata">App data (attachment URLs and the like); null when there is none.</param>
/// <param name="ReactionCounts">How many users reacted with each type; null when nobody did.</param>
/// <param name="OwnReactions">The reader's own reaction types, when the reader is known; null otherwise or when none.</param>
/// <param name="Seq">The <see cref="ChatEvent.Seq"/> of the message's <c>message.new</c>; 0 for messages stored before events existed.</param>
[GenerateSerializer, Immutable, Alias("chats.message")]
public sealed record class ChatMessage(
    string Id,
    string ChatId,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyDictionary<string, int>? ReactionCounts = null,
    IReadOnlyList<string>? OwnReactions = null,
    long Seq = 0);
