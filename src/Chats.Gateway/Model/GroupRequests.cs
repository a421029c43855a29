namespace Chats.Gateway.Model;

/// <summary>GetChat: <c>{"chat_id", "user_id"?}</c>; a user token (or a named user) must be a member.</summary>
public sealed record class GetChatRequest(string ChatId, string? UserId = null) : IApiRequest<GetChatRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static GetChatRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        return new GetChatRequest(chatId, fields.OptionalActingUser(nameof(UserId), MicroError.UserMismatch)) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>ListMembers: <c>{"chat_id", "limit"?, "after"?, "user_id"?}</c>, ordered by user id, after the user id <c>after</c>.</summary>
public sealed record class ListMembersRequest(string ChatId, [property: OptionalInApi] int Limit, string? After = null, string? UserId = null)
    : IApiRequest<ListMembersRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static ListMembersRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        return new ListMembersRequest(chatId, fields.PageSize(nameof(Limit)), fields.Id(nameof(After)), fields.OptionalActingUser(nameof(UserId), MicroError.UserMismatch))
        {
            ChatKey = fields.ChatKey(chatId),
        };
    }
}

/// <summary>AddMembers and RemoveMembers: <c>{"chat_id", "user_ids"}</c>, at most <see cref="ChatLimits.MaxUsersPerMemberChange"/> ids; by the token's user, or the service.</summary>
public sealed record class MembersRequest(string ChatId, IReadOnlyList<string> UserIds) : IApiRequest<MembersRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    internal MembershipChange Change { get; init; } = null!;

    public static MembersRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        // Empty ids name nobody and are ignored, as in CreateChat.
        var userIds = fields.IdArray(nameof(UserIds), ChatLimits.MaxUsersPerMemberChange)?.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } ids
            ? ids
            : throw new MicroErrorException(MicroError.MissingUserIds);
        return new MembersRequest(chatId, userIds)
        {
            ChatKey = fields.ChatKey(chatId),
            Change = new MembershipChange(fields.Caller.UserId, userIds, fields.Limits.MaxMembers),
        };
    }
}

/// <summary>LeaveChat: <c>{"chat_id", "user_id"?}</c>: a user token leaves as its user; a server key names who leaves.</summary>
public sealed record class LeaveChatRequest(string ChatId, [property: OptionalInApi] string UserId) : IApiRequest<LeaveChatRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static LeaveChatRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var userId = fields.ActingUser(nameof(UserId), MicroError.MissingUserId, MicroError.UserMismatch);
        return new LeaveChatRequest(chatId, userId) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>UpdateChat: <c>{"chat_id", "name"?, "metadata"?}</c>; an empty name or metadata clears it.</summary>
public sealed record class UpdateChatRequest(string ChatId, string? Name, IReadOnlyDictionary<string, string>? Metadata) : IApiRequest<UpdateChatRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    public static UpdateChatRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var name = fields.ChatName(nameof(Name));
        var metadata = fields.Metadata(nameof(Metadata));
        if (name is null && metadata is null)
        {
            throw new MicroErrorException(MicroError.BadRequest("Give name, metadata or both: what to change"));
        }

        return new UpdateChatRequest(chatId, name, metadata) { ChatKey = fields.ChatKey(chatId) };
    }
}

/// <summary>SetMemberRole: <c>{"chat_id", "user_id", "role"}</c>, role one of owner, admin, member; owner passes ownership.</summary>
public sealed record class SetMemberRoleRequest(string ChatId, string UserId, string Role) : IApiRequest<SetMemberRoleRequest>
{
    internal string ChatKey { get; init; } = string.Empty;

    internal ChatRole ParsedRole { get; init; }

    public static SetMemberRoleRequest Read(RequestFields fields)
    {
        var chatId = fields.RequiredString(nameof(ChatId), MicroError.MissingChatId);
        var userId = fields.RequiredId(nameof(UserId), MicroError.MissingUserId);
        var role = fields.String(nameof(Role)) is { Length: > 0 } text ? text : throw new MicroErrorException(MicroError.MissingRole);
        return ChatRoles.TryParse(role, out var parsed)
            ? new SetMemberRoleRequest(chatId, userId, role) { ChatKey = fields.ChatKey(chatId), ParsedRole = parsed }
            : throw new MicroErrorException(MicroError.BadRequest("role: expected owner, admin or member"));
    }
}
