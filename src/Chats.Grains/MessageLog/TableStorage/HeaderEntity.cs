namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The header row: the last <c>sent_at</c> (ticks), the last seq, the message count, the ordinals of
/// the newest deleted messages and the members' read markers (user, time, ordinal each).
/// </summary>
internal static class HeaderEntity
{
    private const string LastSentAtProperty = "LastSentAt";
    private const string LastSeqProperty = "LastSeq";
    private const string MessageCountProperty = "MessageCount";
    private const string DeletedProperty = "Deleted";
    private const string ReadsProperty = "Reads";

    public static TableEntity From(string partitionKey, LogHeader header)
    {
        var entity = new TableEntity(partitionKey, RowKeys.Header)
        {
            [LastSentAtProperty] = header.LastSentAt?.UtcTicks ?? 0L,
            [LastSeqProperty] = header.LastSeq,
            [MessageCountProperty] = header.MessageCount,
        };
        var deleted = header.DeletedOrdinals;
        BinaryProperties.WriteLongs(entity, DeletedProperty,
            deleted.Count > LogHeader.MaxDeletedOrdinals ? deleted.Skip(deleted.Count - LogHeader.MaxDeletedOrdinals).ToArray() : deleted);
        BinaryProperties.WriteList(entity, ReadsProperty, header.Reads, static (writer, read) =>
        {
            writer.Write(read.Key);
            writer.Write(read.Value.LastReadAt.UtcTicks);
            writer.Write(read.Value.Ordinal);
        });
        return entity;
    }

    public static LogHeader ToHeader(TableEntity entity)
    {
        var reads = BinaryProperties.ReadList(entity, ReadsProperty, static reader =>
            KeyValuePair.Create(reader.ReadString(), new ReadState(new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadInt64())));
        return new LogHeader(
            entity.GetInt64(LastSentAtProperty) is { } ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
            entity.GetInt64(LastSeqProperty) ?? 0,
            entity.GetInt64(MessageCountProperty) ?? 0,
            BinaryProperties.ReadLongs(entity, DeletedProperty),
            System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, reads));
    }
}
