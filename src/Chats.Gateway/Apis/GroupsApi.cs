using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.Apis;

/// <summary>The routes about a chat itself and its members (groups); mapped in <see cref="ChatsApi.MapChatsApi"/>.</summary>
public static class GroupsApi
{
    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> GetChatAsync(
        GetChatRequest request, ChatGrainReferences chats, ApiCaller caller, MemberPresence presence)
    {
        var chat = chats.Get(request.ChatKey);
        if (await chat.GetAsync() is not { } found)
        {
            return MicroError.ChatNotFound;
        }

        if (request.UserId is { } reader && await chat.GetMemberAsync(reader) is null)
        {
            return MicroError.NotAMemberToRead;
        }

        var online = await presence.GetAsync(caller, request.ChatKey, found.UserIds);
        return JsonReply.Ok(new ChatResponse(ChatDto.From(found), online?.Select(PresenceDto.From).ToArray()));
    }

    public static async Task<Results<JsonReply<ListMembersResponse>, MicroError>> ListMembersAsync(
        ListMembersRequest request, ChatGrainReferences chats, ApiCaller caller, MemberPresence presence)
    {
        var page = await chats.Get(request.ChatKey).ListMembersAsync(new MemberPageQuery(request.After, request.Limit, request.UserId));
        if (page is { ChatFound: false })
        {
            return MicroError.ChatNotFound;
        }

        if (page is { ReaderNotAMember: true })
        {
            return MicroError.NotAMemberToRead;
        }

        var online = await presence.GetAsync(caller, request.ChatKey, page.Members.Select(member => member.UserId));
        return JsonReply.Ok(new ListMembersResponse([.. page.Members.Select((member, i) => MemberDto.From(member, online?[i]))], page.HasMore));
    }

    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> AddMembersAsync(MembersRequest request, ChatGrainReferences chats) =>
        Answer(await chats.Get(request.ChatKey).AddMembersAsync(request.Change), request.Change.MaxMembers);

    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> RemoveMembersAsync(MembersRequest request, ChatGrainReferences chats) =>
        Answer(await chats.Get(request.ChatKey).RemoveMembersAsync(request.Change), request.Change.MaxMembers);

    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> LeaveChatAsync(LeaveChatRequest request, ChatGrainReferences chats) =>
        Answer(await chats.Get(request.ChatKey).LeaveAsync(request.UserId), ChatLimits.MaxMembers);

    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> UpdateChatAsync(UpdateChatRequest request, ApiCaller caller, ChatGrainReferences chats) =>
        Answer(await chats.Get(request.ChatKey).UpdateAsync(new ChatUpdate(caller.UserId, request.Name, request.Metadata)), ChatLimits.MaxMembers);

    public static async Task<Results<JsonReply<ChatResponse>, MicroError>> SetMemberRoleAsync(SetMemberRoleRequest request, ApiCaller caller, ChatGrainReferences chats) =>
        Answer(await chats.Get(request.ChatKey).SetMemberRoleAsync(new RoleChange(caller.UserId, request.UserId, request.ParsedRole)), ChatLimits.MaxMembers);

    private static Results<JsonReply<ChatResponse>, MicroError> Answer(ChatChangeResult result, int maxMembers) => result.Outcome switch
    {
        ChangeOutcome.Changed or ChangeOutcome.Unchanged => JsonReply.Ok(new ChatResponse(ChatDto.From(result.Chat!))),
        ChangeOutcome.ChatNotFound => MicroError.ChatNotFound,
        ChangeOutcome.NotAMember => MicroError.NotAMemberToRead,
        ChangeOutcome.NotAllowed => MicroError.NotAllowed,
        ChangeOutcome.ChatIsDistinct => MicroError.ChatIsDistinct,
        ChangeOutcome.TooManyMembers => MicroError.TooManyMembers(maxMembers),
        ChangeOutcome.TargetNotAMember => MicroError.MemberNotFound,
        ChangeOutcome.OwnerRequired => MicroError.OwnerRequired,
        _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome}"),
    };
}
