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
        "Missing or unknown API key: send Authorization: Bearer <key>");

    public static MicroError Unavailable { get; } = Create("UNAVAILABLE", StatusCodes.Status503ServiceUnavailable,
        "Storage or cluster unavailable; the request had no effect or is safe to retry with the same id");

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

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Code;
        return httpContext.Response.WriteAsJsonAsync(this with { RequestId = httpContext.TraceIdentifier }, MicroErrorJsonContext.Default.MicroError);
    }
}
