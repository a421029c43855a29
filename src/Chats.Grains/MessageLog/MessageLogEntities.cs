using System.Globalization;
using Chats.Storage;

namespace Chats.MessageLog;

/// <summary>
/// The layout of a chat's log in its table partition (PartitionKey = the encoded chat id):
/// <list type="bullet">
/// <item><c>h</c>: the header, whose ETag fences every append, and the last <c>sent_at</c>.</item>
/// <item><c>m{inverted ticks:D19}</c>: one row per message, so an ascending range scan reads newest first.</item>
/// <item><c>i{encoded id}</c>: the idempotency record of a client-supplied id, a copy of its message.</item>
/// </list>
/// </summary>
internal static class MessageLogEntities
{
    public const string HeaderRowKey = "h";
    public const string MessagePrefix = "m";

    // The first key after every "m..." key: the exclusive upper bound of a message scan.
    public const string MessageRangeEnd = "n";

    private const string IdPrefix = "i";
    private const string LastSentAtProperty = "LastSentAt";
    private const string IdProperty = "Id";
    private const string AuthorIdProperty = "AuthorId";
    private const string TextProperty = "Text";
    private const string SentAtProperty = "SentAt";

    // A chat's grain key is a legal table key already (StorageKeys), and the one this table has always used.
    public static string PartitionKey(string chatId) => chatId;

    public static string MessageRowKey(DateTimeOffset sentAt) =>
        MessagePrefix + (DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string IdRowKey(string messageId) => StorageKeys.Encode(IdPrefix + messageId);

    public static TableEntity Header(string partitionKey, DateTimeOffset lastSentAt) =>
        new(partitionKey, HeaderRowKey) { [LastSentAtProperty] = lastSentAt.UtcTicks };

    public static DateTimeOffset? LastSentAt(TableEntity header) =>
        header.GetInt64(LastSentAtProperty) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public static TableEntity Message(string partitionKey, string rowKey, ChatMessage message) => new(partitionKey, rowKey)
    {
        [IdProperty] = message.Id,
        [AuthorIdProperty] = message.AuthorId,
        [TextProperty] = message.Text,

        // Ticks, not Edm.DateTime, so the stored instant is exactly the one returned to the client.
        [SentAtProperty] = message.SentAt.UtcTicks,
    };

    public static ChatMessage ToMessage(string chatId, TableEntity entity) => new(
        entity.GetString(IdProperty),
        chatId,
        entity.GetString(AuthorIdProperty),
        entity.GetString(TextProperty),
        new DateTimeOffset(entity.GetInt64(SentAtProperty) ?? 0, TimeSpan.Zero));
}
