using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>
/// One change of a chat at its place in the chat's sequence: <c>type</c> is one of message.new,
/// message.updated, message.deleted, reaction.new, reaction.deleted, message.read, member.added,
/// member.removed, member.updated, chat.updated. <c>user_id</c> is who made it (absent: the service).
/// </summary>
public sealed record class EventDto(
    string Type,
    long Seq,
    string ChatId,
    UtcTimestamp At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MessageDto? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReactionDto? Reaction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ReadDto? Read,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MembersDto? Members = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatProfileDto? Chat = null)
{
    public static EventDto From(ChatEvent chatEvent) => new(
        ChatEventTypes.NameOf(chatEvent.Type), chatEvent.Seq, TenantKeys.Unscope(chatEvent.ChatId), chatEvent.At, chatEvent.UserId,
        chatEvent.Message is { } message ? MessageDto.From(message) : null,
        chatEvent.Reaction is { } reaction ? ReactionDto.From(reaction) : null,
        chatEvent.Read is { } read ? ReadDto.From(read) : null,
        chatEvent.Members is { } members ? MembersDto.From(members) : null,
        chatEvent.Chat is { } chat ? new ChatProfileDto(chat.Name, chat.Metadata) : null);
}
