namespace Chats.Gateway.Model;

/// <summary>
/// CreateMessage: <c>{"id"?, "chat_id", "author_id", "text", "reply_to_id"?, "metadata"?, "attachments"?}</c>; an
/// empty id means "assign one"; a user token's user is the author; <c>attachments</c> are the author's upload ids.
/// </summary>
public sealed record class CreateMessageRequest(
    string? Id,
    string ChatId,
    [property: OptionalInApi] string AuthorId,
    [property: OptionalInApi] string Text,
    string? ReplyToId = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    IReadOnlyList<string>? Attachments = null) : IApiRequest<CreateMessageRequest>
{
    /// <summary>The caller's grain key of <see cref="ChatId"/>.</summary>
    internal string ChatKey { get; init; } = string.Empty;

    public static CreateMessageRequest Read(RequestFields fields)
    {
        var id = fields.String(nameof(Id));
        var chatId = fields.String(nameof(ChatId));
        var text = fields.String(nameof(Text));

        // A user token's user may leave author_id out; a server key names the author.
        var authorId = fields.Caller.ActAs(fields.String(nameof(AuthorId)), MicroError.MissingAuthorId, MicroError.AuthorMismatch);
        if (string.IsNullOrEmpty(chatId))
        {
            throw new MicroErrorException(MicroError.MissingChatId);
        }


        fields.CheckId(nameof(AuthorId), authorId);
        if (!string.IsNullOrEmpty(id))
        {
            fields.CheckId(nameof(Id), id);
        }

        var replyToId = fields.Id(nameof(ReplyToId));
        var metadata = fields.Metadata(nameof(Metadata));
        var attachments = fields.IdArray(nameof(Attachments), ChatLimits.MaxAttachmentsPerMessage);
        if (attachments is not null && attachments.Distinct(StringComparer.Ordinal).Count() != attachments.Count)
        {
            throw new MicroErrorException(MicroError.BadRequest("attachments: each upload id once"));
        }

        // A message of files alone may have no text.
        if (string.IsNullOrEmpty(text))
        {
            text = attachments is { Count: > 0 } ? string.Empty : throw new MicroErrorException(MicroError.MissingText);
        }
        else
        {
            fields.CheckText(nameof(Text), text);
        }

        return new CreateMessageRequest(string.IsNullOrEmpty(id) ? null : id, chatId, authorId, text!, replyToId,
            metadata is { Count: > 0 } ? metadata : null, attachments is { Count: > 0 } ? attachments : null)
        {
            ChatKey = fields.ChatKey(chatId),
        };
    }
}
