namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The header row: the last <c>sent_at</c> (ticks), the last seq, the message count, the ordinals of
/// the newest deleted messages, the members' read markers (user, time, ordinal each), where blocks
/// begin (<see cref="LogHeader.BlocksFrom"/>), whether the chat has a roster row (<see cref="RosterEntity"/>), which the store reads with it,
/// and the newest block (<see cref="LogBlock"/>, encoded): a commit rewrites the header anyway, so a
/// commit that stays in the newest block writes one entity. A header without it (written by 2d0cc2f)
/// leaves the newest block in its own entity.
/// </summary>
internal static class HeaderEntity
{
    // The stored property names: part of the table's format.
    private enum Column { LastSentAt, LastSeq, MessageCount, Deleted, Reads, Roster, BlocksFrom, RowsBeforeBlocks, Newest }

    public static TableEntity From(string partitionKey, LogHeader header)
    {
        var entity = new TableEntity(partitionKey, RowKeys.Header)
        {
            [nameof(Column.LastSentAt)] = header.LastSentAt?.UtcTicks ?? 0L,
            [nameof(Column.LastSeq)] = header.LastSeq,
            [nameof(Column.MessageCount)] = header.MessageCount,
            [nameof(Column.BlocksFrom)] = header.BlocksFrom,
        };
        if (header.HasRowsBeforeBlocks)
        {
            entity[nameof(Column.RowsBeforeBlocks)] = true;
        }

        if (header.Roster is not null)
        {
            entity[nameof(Column.Roster)] = true;
        }

        var deleted = header.DeletedOrdinals;
        BinaryProperties.WriteLongs(entity, nameof(Column.Deleted),
            deleted.Count > LogHeader.MaxDeletedOrdinals ? deleted.Skip(deleted.Count - LogHeader.MaxDeletedOrdinals).ToArray() : deleted);
        BinaryProperties.WriteList(entity, nameof(Column.Reads), header.Reads, static (writer, read) =>
        {
            writer.Write(read.Key);
            writer.Write(read.Value.LastReadAt.UtcTicks);
            writer.Write(read.Value.Ordinal);
        });
        return entity;
    }

    /// <summary>Puts the newest block (what <see cref="LogBlock.Encode"/> returned) in the header.</summary>
    public static void WriteNewestBlock(TableEntity entity, byte[] encoded) => BinaryProperties.WriteBytes(entity, nameof(Column.Newest), encoded);

    /// <summary>The newest block (the block of the header's last seq) if the header holds it, with the bytes it is stored as.</summary>
    public static (LogBlock Block, byte[] Encoded)? NewestBlock(TableEntity entity)
    {
        var encoded = BinaryProperties.ReadBytes(entity, nameof(Column.Newest));
        return encoded.Length == 0 ? null
            : (LogBlock.Decode(LogBlock.NumberOf(entity.GetInt64(nameof(Column.LastSeq)) ?? 0), encoded, $"{entity.PartitionKey}/{entity.RowKey}"), encoded);
    }

    /// <summary>Whether the header says the chat has a roster row.</summary>
    public static bool HasRoster(TableEntity entity) => entity.GetBoolean(nameof(Column.Roster)) == true;

    /// <summary>The header as stored, with the roster read from its own row (null: none).</summary>
    public static LogHeader ToHeader(TableEntity entity, Members.ChatRoster? roster)
    {
        var reads = BinaryProperties.ReadList(entity, nameof(Column.Reads), static reader =>
            KeyValuePair.Create(reader.ReadString(), new ReadState(new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadInt64())));
        var lastSeq = entity.GetInt64(nameof(Column.LastSeq)) ?? 0;

        // A header without BlocksFrom was written by a release before blocks: every seq so far (and
        // every message from before events) is a row, and the next commit starts the blocks after them.
        var blocksFrom = entity.GetInt64(nameof(Column.BlocksFrom));
        return new LogHeader(
            entity.GetInt64(nameof(Column.LastSentAt)) is { } ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
            lastSeq,
            entity.GetInt64(nameof(Column.MessageCount)) ?? 0,
            BinaryProperties.ReadLongs(entity, nameof(Column.Deleted)),
            System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, reads),
            roster)
        {
            BlocksFrom = blocksFrom ?? lastSeq + 1,
            HasRowsBeforeBlocks = blocksFrom is null || entity.GetBoolean(nameof(Column.RowsBeforeBlocks)) == true,
        };
    }
}
