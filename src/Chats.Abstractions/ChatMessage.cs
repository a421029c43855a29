namespace Chats;

/// <summary>One stored message of a chat.</summary>
/// <param name="SentAt">Assigned by the chat; strictly increasing within the chat.</param>
[GenerateSerializer, Immutable, Alias("chats.message")]
public sealed record class ChatMessage(string Id, string ChatId, string AuthorId, string Text, DateTimeOffset SentAt);
