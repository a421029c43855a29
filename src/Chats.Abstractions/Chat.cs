namespace Chats;

/// <summary>A conversation between a fixed set of users.</summary>
/// <param name="Id">The chat id (a UUID string).</param>
/// <param name="UserIds">The members, sorted ordinally and de-duplicated.</param>
/// <param name="CreatedAt">When the chat was created (UTC).</param>
[GenerateSerializer, Immutable, Alias("chats.chat")]
public sealed record class Chat(string Id, IReadOnlyList<string> UserIds, DateTimeOffset CreatedAt);
