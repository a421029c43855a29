namespace Chats;

/// <summary>The persisted part of a chat besides its message log.</summary>
[GenerateSerializer, Alias("chats.chat-state")]
public sealed class ChatState
{
    [Id(0)]
    public List<string> UserIds { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }
}
