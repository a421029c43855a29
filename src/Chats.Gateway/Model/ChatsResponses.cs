namespace Chats.Gateway.Model;

/// <summary>A chat as the API shows it.</summary>
public sealed record class ChatDto(string Id, IReadOnlyList<string> UserIds, DateTimeOffset CreatedAt)
{
    public static ChatDto From(Chat chat) => new(chat.Id, chat.UserIds, chat.CreatedAt);
}

/// <summary>A message as the API shows it.</summary>
public sealed record class MessageDto(string Id, string AuthorId, string ChatId, string Text, DateTimeOffset SentAt)
{
    public static MessageDto From(ChatMessage message) => new(message.Id, message.AuthorId, message.ChatId, message.Text, message.SentAt);
}

public sealed record class CreateChatResponse(ChatDto Chat);

public sealed record class CreateMessageResponse(MessageDto Message);

public sealed record class ListMessagesResponse(IReadOnlyList<MessageDto> Messages);
