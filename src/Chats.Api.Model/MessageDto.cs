using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>
/// A message as the API shows it. The fields after <c>sent_at</c> appear only when set: a message never
/// edited has no <c>edited_at</c>, one without reactions no <c>reaction_counts</c>, and so on.
/// </summary>
public sealed record class MessageDto(
    string Id,
    string AuthorId,
    string ChatId,
    string Text,
    UtcTimestamp SentAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? EditedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? DeletedAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyToId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? ReactionCounts = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OwnReactions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long Seq = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AttachmentDto>? Attachments = null)
{
    public static MessageDto From(ChatMessage message) => From(message, TenantKeys.Unscope(message.ChatId));

    /// <summary>The message, with its chat's id as the API spells it already known (a page's messages share it).</summary>
    public static MessageDto From(ChatMessage message, string chatId) => new(
        message.Id, message.AuthorId, chatId, message.Text, message.SentAt, message.EditedAt, message.DeletedAt,
        message.ReplyToId, message.Metadata, message.ReactionCounts, message.OwnReactions, message.Seq,
        message.Attachments is { Count: > 0 } attachments ? [.. attachments.Select(AttachmentDto.From)] : null);
}
