using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Apis;

/// <summary>The m3o chats API, served at <c>/v1/chats/{Method}</c> and <c>/protobuf/Chats/{Method}</c>.</summary>
public static class ChatsApi
{
    /// <summary>The two route families, one service: the Micro.js docs' path and the published m3o clients' path.</summary>
    public static readonly string[] RoutePrefixes = ["/v1/chats", "/protobuf/Chats"];

    public static IEndpointRouteBuilder MapChatsApi(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in RoutePrefixes)
        {
            var api = app.MapGroup(prefix).WithTags("Chats").WithMetadata(ChatsApiEndpoint.Instance)
                .RequireAuthorization(ChatsAuthentication.ApiPolicy).RequireRateLimiting(RateLimitingExtensions.PolicyName);
            api.Post<CreateChatRequest>("CreateChat", CreateChatAsync,
                "Create a distinct chat between two or more users (or return the existing one), or a new group with distinct: false", 400, 403, 413, 503);
            api.Post<GetChatRequest>("GetChat", GroupsApi.GetChatAsync, "Get a chat: members (or a group's first few), name, metadata, owner, member count", 400, 403, 404, 413, 503);
            api.Post<ListMembersRequest>("ListMembers", GroupsApi.ListMembersAsync, "List a chat's members with their roles, ordered by user id", 400, 403, 404, 413, 503);
            api.Post<MembersRequest>("AddMembers", GroupsApi.AddMembersAsync,
                "Add members to a group: the owner, admins or a server key (emits member.added)", 400, 403, 404, 413, 503);
            api.Post<MembersRequest>("RemoveMembers", GroupsApi.RemoveMembersAsync,
                "Remove members from a group: their streams end and the chat leaves their lists (emits member.removed)", 400, 403, 404, 413, 503);
            api.Post<LeaveChatRequest>("LeaveChat", GroupsApi.LeaveChatAsync,
                "Leave a group; a leaving owner passes ownership to the longest-standing admin, else member (emits member.removed)", 400, 403, 404, 413, 503);
            api.Post<UpdateChatRequest>("UpdateChat", GroupsApi.UpdateChatAsync, "Rename a chat or change its metadata (emits chat.updated)", 400, 403, 404, 413, 503);
            api.Post<SetMemberRoleRequest>("SetMemberRole", GroupsApi.SetMemberRoleAsync,
                "Set a group member's role: the owner or a server key; role owner passes ownership (emits member.updated)", 400, 403, 404, 413, 503);
            api.Post<CreateMessageRequest>("CreateMessage", CreateMessageAsync, "Append a message to a chat (the tenant's before-send hook may refuse or rewrite it)", 400, 403, 404, 409, 413, 422, 503);
            api.Post<ListMessagesRequest>("ListMessages", ListMessagesAsync, "List a chat's messages, newest first", 400, 403, 404, 413, 503);
            api.Post<ListChatsRequest>("ListChats", ListChatsAsync,
                "List a user's chats, most recent activity first, with unread counts and the newest message", 400, 403, 413, 503);
            api.Post<UpdateMessageRequest>("UpdateMessage", MessageChangesApi.UpdateMessageAsync,
                "Edit an own message's text or metadata (emits message.updated)", 400, 403, 404, 409, 413, 422, 503);
            api.Post<DeleteMessageRequest>("DeleteMessage", MessageChangesApi.DeleteMessageAsync,
                "Delete a message, leaving a tombstone in history (emits message.deleted)", 400, 403, 404, 413, 503);
            api.Post<ReactionRequest>("AddReaction", MessageChangesApi.AddReactionAsync,
                "React to a message, as yourself; a repeat returns the existing reaction (emits reaction.new)", 400, 403, 404, 409, 413, 503);
            api.Post<ReactionRequest>("RemoveReaction", MessageChangesApi.RemoveReactionAsync,
                "Remove your reaction; removing an absent one succeeds (emits reaction.deleted)", 400, 403, 404, 413, 503);
            api.Post<MarkReadRequest>("MarkRead", MessageChangesApi.MarkReadAsync, "Move the user's read marker forward to sent_at (emits message.read)", 400, 403, 404, 413, 503);
            api.Post<ListEventsRequest>("ListEvents", MessageChangesApi.ListEventsAsync,
                "List a chat's events after a seq, oldest first: to catch up over HTTP", 400, 403, 404, 413, 503);
            api.Post<SendTypingRequest>("SendTyping", TypingApi.SendTypingAsync,
                "Say you are typing (true, resent every 2-3 s) or stopped: other members hear typing.start / typing.stop; never stored", 400, 403, 404, 413, 503);
            api.Post<CreateUploadRequest>("CreateUpload", AttachmentsApi.CreateUploadAsync,
                "Get a URL to PUT one file to (members only, as yourself; valid at most 15 minutes); attach it by its id in CreateMessage", 400, 403, 404, 413, 503);
            api.MapAttachmentDownload();
            api.MapChatsStream();
            api.MapChatsConnect();
            api.ServerKeyPost<CreateUserTokenRequest>("CreateUserToken", UserTokensApi.CreateUserTokenAsync,
                "Sign a user token for one of the tenant's users (server keys only)", 400, 403, 413, 503);
            api.ServerKeyPost<RevokeUserTokensRequest>("RevokeUserTokens", UserTokensApi.RevokeUserTokensAsync,
                "Refuse a user's tokens issued before a time, on every gateway within seconds (server keys only)", 400, 403, 413, 503);
            api.MapWebhooks();
        }

        return app;
    }

    public static async Task<Results<JsonReply<CreateChatResponse>, MicroError>> CreateChatAsync(CreateChatRequest request, ApiCaller caller, IClusterClient cluster)
    {
        if (caller.UserId is { } user && !request.UserIds.Contains(user, StringComparer.Ordinal))
        {
            return MicroError.NotAMemberOfNewChat;
        }

        // The old call when there is nothing new to say, so an older silo in a rolling upgrade serves it.
        var chat = request.Members is not { } members
            ? await cluster.GetGrain<IChatGrain>(caller.Scope(Guid.NewGuid().ToString())).CreateAsync(request.ToNewChat())
            : request.Name is null && request.Metadata is null
                ? await cluster.GetGrain<IMemberSetGrain>(members.GrainKeyIn(caller.Tenant)).GetOrCreateChatAsync(members.UserIds)
                : await cluster.GetGrain<IMemberSetGrain>(members.GrainKeyIn(caller.Tenant)).GetOrCreateChatAsync(request.ToNewChat());
        return JsonReply.Ok(new CreateChatResponse(ChatDto.From(chat)));
    }

    public static async Task<Results<JsonReply<CreateMessageResponse>, MicroError>> CreateMessageAsync(
        CreateMessageRequest request, ApiCaller caller, ChatGrainReferences chats, BeforeSendHooks hooks)
    {
        var verdict = await hooks.CheckAsync(caller.Tenant, request.ChatId, edit: false,
            new BeforeSendMessage(request.Id, request.AuthorId, request.Text, request.ReplyToId, request.Metadata));
        if (BeforeSendApi.RefusalOf(verdict) is { } refused)
        {
            return refused;
        }

        var metadata = verdict.Metadata is { } rewritten ? (rewritten.Count > 0 ? rewritten : null) : request.Metadata;
        var result = await chats.Get(request.ChatKey).PostMessageAsync(
            new NewMessage(request.Id, request.AuthorId, verdict.Text ?? request.Text, request.ReplyToId, metadata, request.Attachments));
        return result.Outcome switch
        {
            PostMessageOutcome.ReplyToNotFound => MicroError.ReplyToNotFound,
            PostMessageOutcome.AttachmentRefused => MicroError.AttachmentRefused(result.Problem!),
            // A user token learns nothing of another author's message that holds the id.
            PostMessageOutcome.Duplicate when caller.IsUser && result.Message!.AuthorId != caller.UserId => MicroError.IdConflict,
            PostMessageOutcome.Created or PostMessageOutcome.Duplicate => JsonReply.Ok(new CreateMessageResponse(MessageDto.From(result.Message!))),
            PostMessageOutcome.NotAMember => MicroError.NotAMember,
            _ => MicroError.ChatNotFound,
        };
    }

    public static async Task<Results<JsonReply<ListMessagesResponse>, MicroError>> ListMessagesAsync(
        ListMessagesRequest request, ChatGrainReferences chats)
    {
        var page = await chats.Get(request.ChatKey).ListMessagesAsync(new MessagePageQuery(request.SentBefore, request.Limit, request.UserId));
        return page switch
        {
            { ChatFound: false } => MicroError.ChatNotFound,
            { ReaderNotAMember: true } => MicroError.NotAMemberToRead,
            _ => JsonReply.Ok(ListMessagesResponse.From(page.Messages, request.ChatId)),
        };
    }

    public static async Task<JsonReply<ListChatsResponse>> ListChatsAsync(ListChatsRequest request, ApiCaller caller, IClusterClient cluster)
    {
        var chats = await cluster.GetGrain<IUserChatsGrain>(caller.Scope(request.UserId)).ListAsync(new UserChatsQuery(request.Before, request.Limit, request.UserId));
        return JsonReply.Ok(new ListChatsResponse([.. chats.Select(UserChatDto.From)]));
    }

    // One API method: its JSON body (read by the request record itself) and the errors it may answer.
    private static RouteHandlerBuilder Post<TRequest>(this RouteGroupBuilder api, string method, Delegate handler, string summary, params int[] errors) =>
        api.MapPost("/" + method, handler).WithSummary(summary).WithJsonBody<TRequest>().ProducesMicroErrors(errors);

    // The tenant's webhook endpoints and before-send hook: server keys only.
    private static void MapWebhooks(this RouteGroupBuilder api)
    {
        api.ServerKeyPost<CreateWebhookRequest>("CreateWebhook", WebhooksApi.CreateWebhookAsync,
            "Add a webhook endpoint: the tenant's events, signed (Standard Webhooks), at least once and in order per chat; the secret is shown once", 400, 403, 413, 503);
        api.ServerKeyPost<ListWebhooksRequest>("ListWebhooks", WebhooksApi.ListWebhooksAsync, "List the tenant's webhook endpoints and their status", 400, 403, 413, 503);
        api.ServerKeyPost<UpdateWebhookRequest>("UpdateWebhook", WebhooksApi.UpdateWebhookAsync,
            "Change an endpoint's URL, event types or description, or disable and enable it", 400, 403, 404, 413, 503);
        api.ServerKeyPost<WebhookIdRequest>("DeleteWebhook", WebhooksApi.DeleteWebhookAsync, "Remove an endpoint and its backlog", 400, 403, 404, 413, 503);
        api.ServerKeyPost<WebhookIdRequest>("RotateWebhookSecret", WebhooksApi.RotateWebhookSecretAsync,
            "A new signing secret (shown once); deliveries carry signatures of the old and new for 24 h", 400, 403, 404, 413, 503);
        api.ServerKeyPost<WebhookIdRequest>("RetryWebhook", WebhooksApi.RetryWebhookAsync,
            "Send an endpoint's backlog again now (after it is back), and mark it active", 400, 403, 404, 413, 503);
        api.ServerKeyPost<SetBeforeSendHookRequest>("SetBeforeSendHook", BeforeSendApi.SetBeforeSendHookAsync,
            "Set (new secret, shown once) or remove the tenant's before-send hook: called with each CreateMessage and UpdateMessage before it is stored", 400, 403, 413, 503);
        api.ServerKeyPost<GetBeforeSendHookRequest>("GetBeforeSendHook", BeforeSendApi.GetBeforeSendHookAsync, "The tenant's before-send hook, without its secret", 400, 403, 413, 503);
        api.ServerKeyPost<ListWebhookDeliveriesRequest>("ListWebhookDeliveries", WebhooksApi.ListWebhookDeliveriesAsync,
            "The chats whose delivery to an endpoint is failing: the oldest event not delivered, attempts and the last error", 400, 403, 404, 413, 503);
    }

    // A method for app backends only: a user token's call is refused (SERVER_KEY_REQUIRED).
    private static RouteHandlerBuilder ServerKeyPost<TRequest>(this RouteGroupBuilder api, string method, Delegate handler, string summary, params int[] errors) =>
        api.Post<TRequest>(method, handler, summary, errors).RequireAuthorization(ChatsAuthentication.ServerKeyPolicy);

    internal static RouteHandlerBuilder ProducesMicroErrors(this RouteHandlerBuilder route, params int[] statusCodes)
    {
        // Every API route can also refuse a missing key and a caller over its rate limit.
        foreach (var statusCode in statusCodes.Append(StatusCodes.Status401Unauthorized).Append(StatusCodes.Status429TooManyRequests))
        {
            route.Produces<MicroError>(statusCode, "application/json");
        }

        return route;
    }
}
