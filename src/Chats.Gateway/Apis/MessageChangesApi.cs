using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Apis;

/// <summary>The routes that change messages and read state, and ListEvents; mapped in <see cref="ChatsApi.MapChatsApi"/>.</summary>
public static class MessageChangesApi
{
    public static async Task<Results<JsonReply<MessageResponse>, MicroError>> UpdateMessageAsync(
        UpdateMessageRequest request, ApiCaller caller, ChatGrainReferences chats, BeforeSendHooks hooks)
    {
        var verdict = await hooks.CheckAsync(caller.Tenant, request.ChatId, edit: true,
            new BeforeSendMessage(request.Id, request.AuthorId, request.Text, null, request.Metadata));
        if (BeforeSendApi.RefusalOf(verdict) is { } refused)
        {
            return refused;
        }

        var result = await chats.Get(request.ChatKey).UpdateMessageAsync(
            new MessageEdit(request.Id, request.AuthorId, verdict.Text ?? request.Text, verdict.Metadata ?? request.Metadata));
        return Answer(result.Outcome, () => new MessageResponse(MessageDto.From(result.Message!)));
    }

    public static async Task<Results<JsonReply<MessageResponse>, MicroError>> DeleteMessageAsync(DeleteMessageRequest request, ChatGrainReferences chats)
    {
        var result = await chats.Get(request.ChatKey).DeleteMessageAsync(new MessageDeletion(request.Id, request.AuthorId));
        return Answer(result.Outcome, () => new MessageResponse(MessageDto.From(result.Message!)));
    }

    public static async Task<Results<JsonReply<ReactionResponse>, MicroError>> AddReactionAsync(ReactionRequest request, ChatGrainReferences chats)
    {
        var result = await chats.Get(request.ChatKey).AddReactionAsync(new ReactionChange(request.MessageId, request.UserId, request.Type));
        return Answer(result.Outcome, () => new ReactionResponse(ReactionDto.From(result.Reaction!)));
    }

    public static async Task<Results<JsonReply<ReactionResponse>, MicroError>> RemoveReactionAsync(ReactionRequest request, ChatGrainReferences chats)
    {
        var result = await chats.Get(request.ChatKey).RemoveReactionAsync(new ReactionChange(request.MessageId, request.UserId, request.Type));
        return Answer(result.Outcome, () => new ReactionResponse(null));
    }

    public static async Task<Results<JsonReply<MarkReadResponse>, MicroError>> MarkReadAsync(MarkReadRequest request, ChatGrainReferences chats)
    {
        var result = await chats.Get(request.ChatKey).MarkReadAsync(request.UserId, request.SentAt);
        return Answer(result.Outcome, () => new MarkReadResponse(result.Read is { } read ? ReadDto.From(read) : new ReadDto(request.ChatId, request.UserId, null)));
    }

    public static async Task<Results<JsonReply<ListEventsResponse>, MicroError>> ListEventsAsync(ListEventsRequest request, ChatGrainReferences chats)
    {
        var page = await chats.Get(request.ChatKey).ListEventsAsync(new EventPageQuery(request.AfterSeq, request.Limit, request.UserId));
        return page switch
        {
            { ChatFound: false } => MicroError.ChatNotFound,
            { ReaderNotAMember: true } => MicroError.NotAMemberToRead,
            _ => JsonReply.Ok(new ListEventsResponse([.. page.Events.Select(EventDto.From)], page.LastSeq)),
        };
    }

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
