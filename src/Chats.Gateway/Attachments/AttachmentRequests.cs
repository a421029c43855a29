namespace Chats.Gateway.Attachments;

/// <summary>
/// CreateUpload: <c>{"chat_id", "file_name", "content_type", "size", "user_id"?}</c>; a user token uploads as
/// its user, a server key names one (members only either way).
/// </summary>
public sealed record class CreateUploadRequest(
    string ChatId,
    string FileName,
    string ContentType,
    long Size,
    [property: OptionalInApi] string UserId) : IApiRequest<CreateUploadRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static CreateUploadRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        var fileName = fields.RequiredString(nameof(FileName), MicroError.BadRequest("file_name: missing"));
        var contentType = fields.RequiredString(nameof(ContentType), MicroError.BadRequest("content_type: missing (the file's media type, e.g. image/png)"));
        if (contentType.Length > ChatLimits.MaxContentTypeLength)
        {
            throw new MicroErrorException(MicroError.BadRequest($"content_type: at most {ChatLimits.MaxContentTypeLength} characters"));
        }

        var size = fields.NonNegativeInt64(nameof(Size)) ?? throw new MicroErrorException(MicroError.BadRequest("size: missing (the file's length in bytes)"));
        return new CreateUploadRequest(chatId, fileName, contentType, size, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>
/// Attachment: <c>GET {prefix}/Attachment?chat_id=…&amp;id=…&amp;user_id=…</c>, the credential as on Stream
/// (<c>Authorization</c> or <c>access_token</c>); a user token reads as its user, a server key names one.
/// </summary>
public sealed record class AttachmentRequest(string ChatId, string Id, string UserId)
{
    internal string ChatKey { get; init; } = string.Empty;

    public static AttachmentRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var id = fields.RequiredId(nameof(Id), MicroError.BadRequest("id: missing (the attachment's id)"));
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        return new AttachmentRequest(chatId, id, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}
