using Chats.Gateway.Json;
using Chats.Gateway.Errors;
using Chats.Gateway.Model;
using Chats.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Apis;

/// <summary>The routes that change messages and read state, and ListEvents; mapped in <see cref="ChatsApi.MapChatsApi"/>.</summary>
public static class MessageChangesApi
{
    public static Task<Results<JsonReply<MessageResponse>, MicroError>> UpdateMessageAsync(
        UpdateMessageRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var result = await chat.UpdateMessageAsync(new MessageEdit(request.Id, request.AuthorId, request.Text, request.Metadata));
            return Answer(result.Outcome, () => new MessageResponse(MessageDto.From(result.Message!)));
        }, chats);

    public static Task<Results<JsonReply<MessageResponse>, MicroError>> DeleteMessageAsync(
        DeleteMessageRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var result = await chat.DeleteMessageAsync(new MessageDeletion(request.Id, request.AuthorId));
            return Answer(result.Outcome, () => new MessageResponse(MessageDto.From(result.Message!)));
        }, chats);

    public static Task<Results<JsonReply<ReactionResponse>, MicroError>> AddReactionAsync(
        ReactionRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var result = await chat.AddReactionAsync(new ReactionChange(request.MessageId, request.UserId, request.Type));
            return Answer(result.Outcome, () => new ReactionResponse(ReactionDto.From(result.Reaction!)));
        }, chats);

    public static Task<Results<JsonReply<ReactionResponse>, MicroError>> RemoveReactionAsync(
        ReactionRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var result = await chat.RemoveReactionAsync(new ReactionChange(request.MessageId, request.UserId, request.Type));
            return Answer(result.Outcome, () => new ReactionResponse(null));
        }, chats);

    public static Task<Results<JsonReply<MarkReadResponse>, MicroError>> MarkReadAsync(
        MarkReadRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var result = await chat.MarkReadAsync(request.UserId, request.SentAt);
            return Answer(result.Outcome, () => new MarkReadResponse(result.Read is { } read
                ? ReadDto.From(read)
                : new ReadDto(request.ChatId, request.UserId, null)));
        }, chats);

    public static Task<Results<JsonReply<ListEventsResponse>, MicroError>> ListEventsAsync(
        ListEventsRequest request, ApiCaller caller, Clustering.ChatGrainReferences chats, IOptions<ChatsApiLimits> limits) =>
        OnChatAsync(request.ChatId, caller, limits, async chat =>
        {
            var page = await chat.ListEventsAsync(new EventPageQuery(request.AfterSeq, request.Limit, request.UserId));
            return page switch
            {
                { ChatFound: false } => MicroError.ChatNotFound,
                { ReaderNotAMember: true } => MicroError.NotAMemberToRead,
                _ => (Results<JsonReply<ListEventsResponse>, MicroError>)JsonReply.Ok(new ListEventsResponse([.. page.Events.Select(EventDto.From)], page.LastSeq)),
            };
        }, chats);

    private static async Task<Results<JsonReply<T>, MicroError>> OnChatAsync<T>(
        string chatId, ApiCaller caller, IOptions<ChatsApiLimits> limits, Func<IChatGrain, Task<Results<JsonReply<T>, MicroError>>> call, Clustering.ChatGrainReferences chats) =>
        caller.ChatKeyOf(chatId, limits.Value.MaxIdLength) is { } chatKey ? await call(chats.Get(chatKey)) : MicroError.ChatNotFound;

    private static Results<JsonReply<T>, MicroError> Answer<T>(ChangeOutcome outcome, Func<T> reply) => outcome switch
    {
        ChangeOutcome.Changed or ChangeOutcome.Unchanged => JsonReply.Ok(reply()),
        ChangeOutcome.ChatNotFound => MicroError.ChatNotFound,
        ChangeOutcome.NotAMember => MicroError.NotAMemberToRead,
        ChangeOutcome.MessageNotFound => MicroError.MessageNotFound,
        ChangeOutcome.NotAuthor => MicroError.NotAuthor,
        ChangeOutcome.MessageDeleted => MicroError.MessageDeleted,
        ChangeOutcome.TooManyReactions => MicroError.TooManyReactions,
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}"),
    };
}
