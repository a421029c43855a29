namespace Chats;

/// <summary>One page of a chat's history, newest first; <see cref="ChatFound"/> is false for an unknown chat id.</summary>
[GenerateSerializer, Immutable, Alias("chats.message-page")]
public sealed record class MessagePage(bool ChatFound, IReadOnlyList<ChatMessage> Messages)
{
    public static MessagePage NotFound { get; } = new(false, []);
}
