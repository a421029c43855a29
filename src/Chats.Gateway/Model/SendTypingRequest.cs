namespace Chats.Gateway.Model;

/// <summary>SendTyping: <c>{"chat_id", "typing", "user_id"?}</c>; a user token types as its user, a server key names one.</summary>
public sealed record class SendTypingRequest(string ChatId, bool Typing, [property: OptionalInApi] string UserId) : IApiRequest<SendTypingRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static SendTypingRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        var typing = fields.Boolean(nameof(Typing)) ?? throw new MicroErrorException(MicroError.BadRequest("typing: missing (true while typing, false when stopped)"));
        return new SendTypingRequest(chatId, typing, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}
