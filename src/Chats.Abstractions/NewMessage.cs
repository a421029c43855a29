namespace Chats;

/// <summary>A message to append to a chat.</summary>
/// <param name="Id">A client-chosen id that makes the request idempotent; null lets the chat assign one.</param>
[GenerateSerializer, Immutable, Alias("chats.new-message")]
public sealed record class NewMessage(string? Id, string AuthorId, string Text);
