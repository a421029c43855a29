using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Attachments;

/// <summary>
/// Attachments: CreateUpload hands a member a URL that creates one blob (the bytes go straight to
/// storage); CreateMessage attaches uploads by id; Attachment redirects a member to a short-lived read URL.
/// </summary>
public static class AttachmentsApi
{
    public static async Task<Results<JsonReply<CreateUploadResponse>, MicroError>> CreateUploadAsync(CreateUploadRequest request, ChatGrainReferences chats)
    {
        var result = await chats.Get(request.ChatKey).CreateUploadAsync(new UploadDraft(request.UserId, request.FileName, request.ContentType, request.Size));
        return result.Outcome switch
        {
            UploadOutcome.Created => JsonReply.Ok(new CreateUploadResponse(UploadDto.From(result.Upload!))),
            UploadOutcome.NotAMember => MicroError.NotAMemberToRead,
            UploadOutcome.Refused => MicroError.UploadRefused(result.Problem!),
            _ => MicroError.ChatNotFound,
        };
    }

    public static RouteHandlerBuilder MapAttachmentDownload(this IEndpointRouteBuilder api) => api
        .MapGet("/Attachment", GetAttachmentAsync)
        .WithSummary("Read an attachment: a member is redirected (302) to a read URL valid a few minutes; the credential as on Stream (Authorization or access_token)")
        .Produces(StatusCodes.Status302Found)
        .ProducesMicroErrors(400, 403, 404, 503);

    private static async Task<Results<RedirectHttpResult, MicroError>> GetAttachmentAsync(
        HttpContext context, [AsParameters] AttachmentQuery query, RequestReader requests, ChatGrainReferences chats)
    {
        var request = AttachmentRequest.Read(requests.ReadQuery(context));
        var access = await chats.Get(request.ChatKey).GetAttachmentAsync(request.UserId, request.Id);
        switch (access.Outcome)
        {
            case AttachmentAccessOutcome.Granted:
                // The URL expires: neither it nor the redirect may be kept by a cache.
                context.Response.Headers.CacheControl = "no-store";
                return TypedResults.Redirect(access.Url!);
            case AttachmentAccessOutcome.NotAMember:
                return MicroError.NotAMemberToRead;
            case AttachmentAccessOutcome.NotFound:
                return MicroError.AttachmentNotFound;
            default:
                return MicroError.ChatNotFound;
        }
    }

    /// <summary>The query parameters, declared for the OpenAPI document; <see cref="AttachmentRequest"/> reads and checks them.</summary>
    private readonly record struct AttachmentQuery(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "chat_id")] string? ChatId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "id")] string? Id,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "user_id")] string? UserId);
}
