using System.Text.Json.Serialization;

namespace Chats.Gateway.Model;

/// <summary>
/// A chat as the API shows it: <c>user_ids</c> are a distinct chat's members, or a group's first
/// <see cref="ChatLimits.MemberPreviewCount"/> by join order (ListMembers pages through all of them).
/// A distinct chat's object is the m3o one (plus <c>name</c> and <c>metadata</c> when set).
/// </summary>
/// <remarks>Ids leave the gateway tenant-local: a tenant's clients never see its grain keys.</remarks>
public sealed record class ChatDto(
    string Id,
    IReadOnlyList<string> UserIds,
    UtcTimestamp CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Distinct = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OwnerId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MemberCount = null)
{
    public static ChatDto From(Chat chat) => new(
        TenantKeys.Unscope(chat.Id), chat.UserIds, chat.CreatedAt, chat.Name, chat.Metadata, DistinctOf(chat), chat.OwnerId, MemberCountOf(chat));

    /// <summary>A group's <c>distinct: false</c>; absent for a distinct chat, whose object stays as m3o clients know it.</summary>
    internal static bool? DistinctOf(Chat chat) => chat.IsGroup ? false : null;

    /// <summary>A group's member count; absent for a distinct chat (its <c>user_ids</c> are all its members).</summary>
    internal static int? MemberCountOf(Chat chat) => chat.IsGroup ? chat.MemberCount : null;
}

/// <summary>A member of a chat: their role (owner, admin, member) and when they joined.</summary>
public sealed record class MemberDto(
    string UserId,
    string Role,
    UtcTimestamp JoinedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Online = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastActiveAt = null)
{
    public static MemberDto From(ChatMember member, UserPresence? presence = null) =>
        new(member.UserId, ChatRoles.NameOf(member.Role), member.JoinedAt, presence?.Online, presence?.LastActiveAt);
}

/// <summary>
/// A chat in a user's list: the chat, when its newest message was sent and that message, the user's
/// unread count and read marker, and how far the other members have read (absent fields: none yet).
/// </summary>
public sealed record class UserChatDto(
    string Id,
    IReadOnlyList<string> UserIds,
    UtcTimestamp CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastMessageAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageDto? LastMessage = null,
    int UnreadCount = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastReadAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? OthersReadAt = null,
    long LastSeq = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Distinct = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OwnerId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MemberCount = null)
{
    public static UserChatDto From(UserChat chat) => new(
        TenantKeys.Unscope(chat.Chat.Id), chat.Chat.UserIds, chat.Chat.CreatedAt, chat.LastMessageAt,
        chat.Entry?.LastMessage is { } last ? MessageDto.From(last) : null,
        chat.Entry?.UnreadCount ?? 0, chat.Entry?.LastReadAt, chat.Entry?.OthersReadAt, chat.Entry?.LastSeq ?? 0,
        chat.Chat.Name, chat.Chat.Metadata, ChatDto.DistinctOf(chat.Chat), chat.Chat.OwnerId, ChatDto.MemberCountOf(chat.Chat));
}

public sealed record class MessageResponse(MessageDto Message);

public sealed record class ReactionResponse([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReactionDto? Reaction);

public sealed record class MarkReadResponse(ReadDto Read);

public sealed record class ListEventsResponse(IReadOnlyList<EventDto> Events, long LastSeq);

/// <summary>One frame of a Stream with <c>events: true</c>.</summary>
public sealed record class StreamEventResponse(EventDto Event);

public sealed record class CreateChatResponse(ChatDto Chat);

/// <summary>The chat as it is after GetChat, a member change, or an update; GetChat adds <c>presence</c> (the members in <c>user_ids</c>, in that order) when the tenant has presence.</summary>
public sealed record class ChatResponse(
    ChatDto Chat,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PresenceDto>? Presence = null);

/// <summary>A page of members ordered by user id; <c>has_more</c> when more follow (pass the last <c>user_id</c> as <c>after</c>).</summary>
public sealed record class ListMembersResponse(IReadOnlyList<MemberDto> Members, bool HasMore);

public sealed record class CreateMessageResponse(MessageDto Message);

public sealed record class ListMessagesResponse(IReadOnlyList<MessageDto> Messages)
{
    /// <summary>A page of one chat's messages, the chat named by its API id.</summary>
    public static ListMessagesResponse From(IReadOnlyList<ChatMessage> messages, string chatId)
    {
        var dtos = new MessageDto[messages.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = MessageDto.From(messages[i], chatId);
        }

        return new(dtos);
    }
}

public sealed record class ListChatsResponse(IReadOnlyList<UserChatDto> Chats);

/// <summary>One frame of a Stream (a WebSocket text frame, or the data of a Server-Sent Event).</summary>
public sealed record class StreamResponse(MessageDto Message);

/// <summary>
/// One frame of a Connect: <c>type</c> is <c>event</c> (with <c>event</c>), <c>chat.added</c> or
/// <c>chat.updated</c> (with <c>chat</c>, its chat-list entry), <c>chat.removed</c> (with <c>chat_id</c>),
/// <c>resync</c> (with <c>reason</c>: what was missed cannot be replayed; list again), <c>ready</c> (live from here),
/// <c>typing.start</c> / <c>typing.stop</c> (with <c>typing</c>; never replayed), <c>user.presence</c> (with <c>presence</c>),
/// or <c>refused</c> (with <c>reason</c>: a frame the client sent was not a valid watch list; the connection goes on).
/// <c>cursor</c> resumes after this frame. An event frame's event is <c>Shared</c>: serialized once for every connection.
/// </summary>
public sealed record class ConnectFrameResponse(
    string Type,
    string Cursor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EventDto? Event = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UserChatDto? Chat = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ChatId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TypingDto? Typing = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PresenceDto? Presence = null,
    [property: JsonIgnore] StreamFrame? Shared = null);

/// <summary>A user's presence: online while they have a connection open; <c>last_active_at</c> is now while online, else when their last connection ended.</summary>
public sealed record class PresenceDto(
    string UserId,
    bool Online,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastActiveAt)
{
    public static PresenceDto From(UserPresence presence) => new(TenantKeys.Unscope(presence.UserKey), presence.Online, presence.LastActiveAt);
}

/// <summary>SendTyping's reply: <c>{}</c>.</summary>
public sealed record class SendTypingResponse;

/// <summary>A member started (<c>typing.start</c>) or stopped (<c>typing.stop</c>) typing: never stored, no seq.</summary>
public sealed record class TypingDto(string Type, string ChatId, string UserId, UtcTimestamp At)
{
    public static TypingDto From(TypingNotice notice) =>
        new(notice.Typing ? "typing.start" : "typing.stop", TenantKeys.Unscope(notice.ChatKey), notice.UserId, notice.At);
}

/// <summary>A typing frame of an event stream: <c>{"typing": Typing}</c>.</summary>
public sealed record class StreamTypingResponse(TypingDto Typing);

/// <summary>A new user token and when it expires (its <c>exp</c>).</summary>
public sealed record class CreateUserTokenResponse(string Token, UtcTimestamp ExpiresAt);

/// <summary>The user whose tokens issued before <see cref="RevokedBefore"/> are now refused.</summary>
public sealed record class RevokeUserTokensResponse(string UserId, UtcTimestamp RevokedBefore);
