namespace Chats.UserChats;

/// <summary>
/// A chat's newest message as a chat-list row keeps it (JSON in the row, under the names rows have
/// always used; the chat id is the row's), so the contract type carries no storage attributes.
/// </summary>
internal sealed record class ListedMessage(string Id, string AuthorId, string Text, DateTimeOffset SentAt, long Seq = 0, MessageDetails? Details = null)
{
    public static ListedMessage From(ChatMessage message) => new(message.Id, message.AuthorId, message.Text, message.SentAt, message.Seq, message.Details);

    public ChatMessage ToMessage(string chatKey) => new(Id, chatKey, AuthorId, Text, SentAt, Seq, Details);
}
