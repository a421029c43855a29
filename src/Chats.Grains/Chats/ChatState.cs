namespace Chats;

/// <summary>The persisted part of a chat besides its message log: that it exists, a distinct chat's fixed members, and which storage account holds its log.</summary>
[GenerateSerializer, Alias("chats.chat-state")]
public sealed class ChatState
{
    /// <summary>A distinct chat's members; empty for a group (its members are in its log's roster).</summary>
    [Id(0)]
    public List<string> UserIds { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(2)]
    public bool IsGroup { get; set; }

    /// <summary>The storage account of the chat's message log (<c>Chats:Storage:MessageAccounts</c>); null: the first account.</summary>
    [Id(3)]
    public string? LogAccount { get; set; }
}
