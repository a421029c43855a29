namespace Chats.UserChats;

/// <summary>
/// A chat's newest message as a chat-list row keeps it (JSON in the row): the wire type's fields
/// under the names rows have always used, so the contract type carries no storage attributes.
/// </summary>
internal sealed record class ListedMessage(
    string Id,
    string ChatId,
    string AuthorId,
    string Text,
    DateTimeOffset SentAt,
    long Seq = 0,
    MessageDetails? Details = null)
{
    public static ListedMessage From(ChatMessage message) =>
        new(message.Id, message.ChatId, message.AuthorId, message.Text, message.SentAt, message.Seq, message.Details);

    public ChatMessage ToMessage() => new(Id, ChatId, AuthorId, Text, SentAt, Seq, Details);
}
