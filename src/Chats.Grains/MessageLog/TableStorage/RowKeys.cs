using System.Globalization;
using Chats.Upgrade;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The rows of a chat's log in its table partition (PartitionKey = the chat key):
/// <list type="bullet">
/// <item><c>h</c>: the header (<see cref="HeaderEntity"/>), whose ETag fences every commit.</item>
/// <item><c>g</c>: the roster (<see cref="RosterEntity"/>): members, name, metadata; written only with the header.</item>
/// <item><c>b{number:D19}</c>: the blocks (<see cref="LogBlock"/>), 32 seqs each, from <see cref="LogHeader.BlocksFrom"/> on.</item>
/// <item><c>k{inverted seq:D19}</c>: a message as it now is, keyed by the seq of its <c>message.new</c>:
/// one too large for its block, or one stored before blocks (an ascending scan reads those newest first).</item>
/// <item><c>e{seq:D19}</c>: an event that is not a new message: too large for its block, or stored before blocks.</item>
/// <item><c>m…</c>: messages stored before events existed (<see cref="PreEventMessages"/>); <c>k</c>
/// sorts before <c>m</c>, so one scan from <c>k</c> reads the rows' history newest first.</item>
/// <item><c>i{encoded id}</c>: the idempotency record of a client-supplied id, a copy of its message as created.</item>
/// </list>
/// </summary>
internal static class RowKeys
{
    public const string Header = "h";
    public const string Roster = "g";
    public const string MessagePrefix = "k";

    // The first key after every "k" key, and after every pre-event "m" key: the exclusive upper
    // bounds of a scan of the messages with a seq, and of the whole history.
    public const string MessageRangeEnd = "l";
    public const string HistoryRangeEnd = "n";

    private const string IdPrefix = "i";
    private const string EventPrefix = "e";

    // A chat's grain key is a legal table key already (StorageKeys), and the one this table has always used.
    public static string Partition(string chatKey) => chatKey;

    /// <summary>Where a message is stored: by the seq of its message.new, or as a pre-event message.</summary>
    public static string Message(StoredMessage message) => message.Seq > 0 ? Message(message.Seq) : PreEventMessages.RowKey(message.SentAt);

    public static string Message(long seq) => MessagePrefix + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    public static string Id(string messageId) => StorageKeys.Encode(IdPrefix + messageId);

    public static string Event(long seq) => EventPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    public static long SeqOfEvent(string rowKey) => long.Parse(rowKey.AsSpan(EventPrefix.Length), CultureInfo.InvariantCulture);
}
