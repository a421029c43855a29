using Microsoft.AspNetCore.WebUtilities;

namespace Chats.Gateway.Errors;

/// <summary>
/// The micro error shape: <c>{"id", "code", "detail", "status"}</c>, sent with HTTP status <see cref="Code"/>,
/// plus <c>request_id</c> (also in the <c>X-Request-Id</c> header) so a reply can be found in the logs.
/// </summary>
public sealed record class MicroError(string Id, int Code, string Detail, string Status) : IResult
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestId { get; init; }

    public static MicroError Create(string id, int code, string detail) => new(id, code, detail, ReasonPhrases.GetReasonPhrase(code));

    public static MicroError BadRequest(string detail) => Create("BAD_REQUEST", StatusCodes.Status400BadRequest, detail);

    public static MicroError MissingUserIds { get; } = Create("MISSING_USER_IDs", StatusCodes.Status400BadRequest, "Missing User IDs");

    public static MicroError MissingUserId { get; } = Create("MISSING_USER_ID", StatusCodes.Status400BadRequest, "Missing User ID");

    public static MicroError MissingAuthorId { get; } = Create("MISSING_AUTHOR_ID", StatusCodes.Status400BadRequest, "Missing Author ID");

    public static MicroError MissingChatId { get; } = Create("MISSING_CHAT_ID", StatusCodes.Status400BadRequest, "Missing Chat ID");

    public static MicroError MissingText { get; } = Create("MISSING_TEXT", StatusCodes.Status400BadRequest, "Missing Text");

    public static MicroError ChatNotFound { get; } = Create("NOT_FOUND", StatusCodes.Status404NotFound, "Chat not found");

    public static MicroError NotAMember { get; } = Create("NOT_A_MEMBER", StatusCodes.Status403Forbidden, "Author is not a member of the chat");

    public static MicroError NotAMemberToStream { get; } = Create("NOT_A_MEMBER", StatusCodes.Status403Forbidden, "User is not a member of the chat");

    public static MicroError Unauthorized { get; } = Create("UNAUTHORIZED", StatusCodes.Status401Unauthorized,
        "Missing or unknown credential: send Authorization: Bearer <API key or user token>");

    public static MicroError Unavailable { get; } = Create("UNAVAILABLE", StatusCodes.Status503ServiceUnavailable,
        "Storage or cluster unavailable; the request had no effect or is safe to retry with the same id");

    public static MicroError TokenExpired(string reason) => Create("TOKEN_EXPIRED", StatusCodes.Status401Unauthorized,
        $"User token refused: {reason}; get a new token and retry");

    public static MicroError TokenInvalid(string reason) => Create("TOKEN_INVALID", StatusCodes.Status401Unauthorized, $"User token refused: {reason}");

    public static MicroError AuthorMismatch { get; } = Create("AUTHOR_MISMATCH", StatusCodes.Status403Forbidden,
        "author_id must be the signed-in user (or be left out)");

    public static MicroError UserMismatch { get; } = Create("USER_MISMATCH", StatusCodes.Status403Forbidden,
        "user_id must be the signed-in user (or be left out)");

    public static MicroError NotAMemberOfNewChat { get; } = Create("NOT_A_MEMBER", StatusCodes.Status403Forbidden,
        "The signed-in user must be one of user_ids");

    public static MicroError NotAMemberToRead { get; } = Create("NOT_A_MEMBER", StatusCodes.Status403Forbidden, "User is not a member of the chat");

    public static MicroError IdConflict { get; } = Create("ID_CONFLICT", StatusCodes.Status409Conflict,
        "This message id is already used in this chat; choose another");

    public static MicroError MissingId { get; } = Create("MISSING_ID", StatusCodes.Status400BadRequest, "Missing message ID");

    public static MicroError MissingMessageId { get; } = Create("MISSING_MESSAGE_ID", StatusCodes.Status400BadRequest, "Missing Message ID");

    public static MicroError MissingType { get; } = Create("MISSING_TYPE", StatusCodes.Status400BadRequest, "Missing reaction type");

    public static MicroError MissingSentAt { get; } = Create("MISSING_SENT_AT", StatusCodes.Status400BadRequest, "Missing sent_at");

    public static MicroError MessageNotFound { get; } = Create("MESSAGE_NOT_FOUND", StatusCodes.Status404NotFound, "Message not found in this chat");

    public static MicroError ReplyToNotFound { get; } = Create("MESSAGE_NOT_FOUND", StatusCodes.Status404NotFound,
        "reply_to_id: no message with this id in this chat");

    public static MicroError NotAuthor { get; } = Create("NOT_AUTHOR", StatusCodes.Status403Forbidden, "Only the author may change this message");

    public static MicroError MessageDeleted { get; } = Create("MESSAGE_DELETED", StatusCodes.Status409Conflict, "The message is deleted");

    public static MicroError TooManyReactions { get; } = Create("TOO_MANY_REACTIONS", StatusCodes.Status400BadRequest,
        $"The message has {ChatLimits.MaxReactionTypesPerMessage} reaction types already (or its reactions are full)");

    public static MicroError NotAllowed { get; } = Create("NOT_ALLOWED", StatusCodes.Status403Forbidden,
        "Your role in this group does not allow this: the owner and admins add, remove and rename, the owner sets roles");

    public static MicroError ChatIsDistinct { get; } = Create("CHAT_IS_DISTINCT", StatusCodes.Status400BadRequest,
        "This chat is distinct (one chat per set of users): its members are fixed; create a group with distinct: false");

    public static MicroError TooManyMembers(int limit) => Create("TOO_MANY_MEMBERS", StatusCodes.Status400BadRequest,
        $"The chat would have more than {limit} members");

    public static MicroError MemberNotFound { get; } = Create("MEMBER_NOT_FOUND", StatusCodes.Status404NotFound, "user_id is not a member of the chat");

    public static MicroError OwnerRequired { get; } = Create("OWNER_REQUIRED", StatusCodes.Status400BadRequest,
        "A group keeps one owner: pass ownership by making another member owner");

    public static MicroError MessageRejected(string reason) => Create("MESSAGE_REJECTED", StatusCodes.Status422UnprocessableEntity, reason);

    public static MicroError BeforeSendUnavailable(string failure) => Create("BEFORE_SEND_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable,
        $"The app's before-send hook did not answer ({failure}) and it fails closed; nothing was stored, retry later");

    public static MicroError UploadRefused(string problem) => Create("UPLOAD_REFUSED", StatusCodes.Status400BadRequest, problem);

    public static MicroError AttachmentRefused(string problem) => Create("ATTACHMENT_REFUSED", StatusCodes.Status400BadRequest, problem);

    public static MicroError AttachmentNotFound { get; } = Create("ATTACHMENT_NOT_FOUND", StatusCodes.Status404NotFound,
        "No message of this chat has this attachment (never attached, or its message was deleted)");

    public static MicroError WebhookNotFound { get; } = Create("WEBHOOK_NOT_FOUND", StatusCodes.Status404NotFound, "No webhook of this tenant has this webhook_id");

    public static MicroError MissingRole { get; } = Create("MISSING_ROLE", StatusCodes.Status400BadRequest, "Missing role: owner, admin or member");

    public static MicroError ServerKeyRequired { get; } = Create("SERVER_KEY_REQUIRED", StatusCodes.Status403Forbidden,
        "Only a server key may call this method, not a user token");

    public static MicroError TooLarge(int limit) => Create("REQUEST_TOO_LARGE", StatusCodes.Status413PayloadTooLarge,
        $"Request body over the limit of {limit} bytes");

    /// <summary>
    /// The reply for a failed request: the error it carries, a 413 or 400 that Kestrel refused, or a
    /// 503 when storage or the cluster is unreachable (<see cref="UnavailableExceptions"/>); null for a
    /// failure that is a bug (the caller answers 500 and logs it).
    /// </summary>
    public static MicroError? FromException(Exception exception, int maxBodyBytes) => exception switch
    {
        MicroErrorException micro => micro.Error,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(maxBodyBytes),
        BadHttpRequestException bad => BadRequest(bad.Message),
        _ when UnavailableExceptions.Matches(exception) => Unavailable,
        _ => null,
    };

    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonReplyWriter.WriteAsync(httpContext, Code, this with { RequestId = httpContext.TraceIdentifier }, ChatsJsonContext.Default.MicroError);
}
