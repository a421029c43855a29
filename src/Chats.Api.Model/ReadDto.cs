using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>A user's read marker: messages sent at or before <c>last_read_at</c> are read (absent: nothing read yet).</summary>
public sealed record class ReadDto(
    string ChatId,
    string UserId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UtcTimestamp? LastReadAt)
{
    public static ReadDto From(ReadMarker read) => new(TenantKeys.Unscope(read.ChatId), read.UserId, read.LastReadAt);
}
