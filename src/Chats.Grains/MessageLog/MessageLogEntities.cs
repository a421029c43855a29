using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Chats.Storage;

namespace Chats.MessageLog;

/// <summary>
/// The layout of a chat's log in its table partition (PartitionKey = the encoded chat id):
/// <list type="bullet">
/// <item><c>h</c>: the header, whose ETag fences every write, with the last <c>sent_at</c>, the last
/// seq, the message count, the ordinals of deleted messages and the members' read markers (what
/// unread counts are computed from).</item>
/// <item><c>k{inverted seq:D19}</c>: one row per message, as it now is, keyed by the seq of its
/// <c>message.new</c>: an ascending range scan reads newest first, and the row is that event too, so
/// a message costs one row.</item>
/// <item><c>m{inverted ticks:D19}</c>: messages stored before events existed (no seq), keyed by
/// <c>sent_at</c>. They are all older than every <c>k</c> row, and <c>k</c> sorts before <c>m</c>,
/// so one scan from <c>k</c> reads the whole history newest first.</item>
/// <item><c>i{encoded id}</c>: the idempotency record of a client-supplied id, a copy of its message as created.</item>
/// <item><c>e{seq:D19}</c>: one row per event that is not a new message, in seq order.</item>
/// </list>
/// </summary>
internal static class MessageLogEntities
{
    public const string HeaderRowKey = "h";
    public const string MessagePrefix = "k";
    public const string LegacyMessagePrefix = "m";

    // The first key after every "k..." key, and after every "m..." key: the exclusive upper bounds of
    // a scan of the messages with a seq, and of the whole history.
    public const string MessageRangeEnd = "l";
    public const string HistoryRangeEnd = "n";
    public const string EventPrefix = "e";

    // The newest deletions kept in the header (8 bytes each, under a property's 64 KiB).
    public const int MaxDeletedOrdinals = 8000;

    private const int ReactionChunkBytes = 60 * 1024;
    private const string IdPrefix = "i";
    private const string LastSentAtProperty = "LastSentAt";
    private const string LastSeqProperty = "LastSeq";
    private const string MessageCountProperty = "MessageCount";
    private const string DeletedProperty = "Deleted";
    private const string IdProperty = "Id";
    private const string AuthorIdProperty = "AuthorId";
    private const string TextProperty = "Text";
    private const string SentAtProperty = "SentAt";
    private const string SeqProperty = "Seq";
    private const string OrdinalProperty = "Ordinal";
    private const string EditedAtProperty = "EditedAt";
    private const string DeletedAtProperty = "DeletedAt";
    private const string ReplyToIdProperty = "ReplyToId";
    private const string MetadataProperty = "Metadata";
    private const string ReactionsProperty = "Reactions";
    private const string ReactionCountsProperty = "ReactionCounts";
    private const string TypeProperty = "Type";
    private const string AtProperty = "At";
    private const string UserIdProperty = "UserId";
    private const string ReactionTypeProperty = "ReactionType";
    private const string ReactionCreatedAtProperty = "ReactionCreatedAt";
    private const string LastReadAtProperty = "LastReadAt";
    private const string ReadsProperty = "Reads";
    private const int MaxChunks = 15;

    // A chat's grain key is a legal table key already (StorageKeys), and the one this table has always used.
    public static string PartitionKey(string chatId) => chatId;

    /// <summary>Where a message is stored: by the seq of its message.new, or by sent_at for one from before events.</summary>
    public static string MessageRowKey(StoredMessage message) => message.Seq > 0 ? MessageRowKey(message.Seq) : LegacyMessageRowKey(message.SentAt);

    public static string MessageRowKey(long seq) =>
        MessagePrefix + (long.MaxValue - seq).ToString("D19", CultureInfo.InvariantCulture);

    public static string LegacyMessageRowKey(DateTimeOffset sentAt) =>
        LegacyMessagePrefix + (DateTimeOffset.MaxValue.UtcTicks - sentAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    public static string IdRowKey(string messageId) => StorageKeys.Encode(IdPrefix + messageId);

    public static string EventRowKey(long seq) => EventPrefix + seq.ToString("D19", CultureInfo.InvariantCulture);

    public static TableEntity Header(string partitionKey, LogHeader header)
    {
        var entity = new TableEntity(partitionKey, HeaderRowKey)
        {
            [LastSentAtProperty] = header.LastSentAt?.UtcTicks ?? 0L,
            [LastSeqProperty] = header.LastSeq,
            [MessageCountProperty] = header.MessageCount,
        };
        if (header.DeletedOrdinals.Count > 0)
        {
            var kept = header.DeletedOrdinals.Skip(Math.Max(0, header.DeletedOrdinals.Count - MaxDeletedOrdinals)).ToArray();
            var bytes = new byte[kept.Length * sizeof(long)];
            for (var i = 0; i < kept.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), kept[i]);
            }

            entity[DeletedProperty] = bytes;
        }

        WriteChunks(entity, ReadsProperty, EncodeReads(header.Reads));
        return entity;
    }

    public static LogHeader ToHeader(TableEntity entity)
    {
        var deleted = new List<long>();
        if (entity.GetBinary(DeletedProperty) is { } bytes)
        {
            for (var offset = 0; offset + sizeof(long) <= bytes.Length; offset += sizeof(long))
            {
                deleted.Add(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset)));
            }
        }

        return new LogHeader(
            entity.GetInt64(LastSentAtProperty) is { } ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
            entity.GetInt64(LastSeqProperty) ?? 0,
            entity.GetInt64(MessageCountProperty) ?? 0,
            deleted,
            DecodeReads(ReadChunks(entity, ReadsProperty)));
    }

    // Read markers as one binary value (user, time, ordinal each), in chunks: a chat of 1,000 members
    // with 256-character ids fits, and the common small chat costs a few dozen bytes.
    private static byte[] EncodeReads(IReadOnlyDictionary<string, ReadState> reads)
    {
        if (reads.Count == 0)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(reads.Count);
            foreach (var (userId, state) in reads)
            {
                writer.Write(userId);
                writer.Write(state.LastReadAt.UtcTicks);
                writer.Write(state.Ordinal);
            }
        }

        return buffer.ToArray();
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, ReadState> DecodeReads(byte[] bytes)
    {
        var reads = System.Collections.Immutable.ImmutableDictionary.CreateBuilder<string, ReadState>(StringComparer.Ordinal);
        if (bytes.Length > 0)
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                reads[reader.ReadString()] = new ReadState(new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadInt64());
            }
        }

        return reads.ToImmutable();
    }

    public static TableEntity Message(string partitionKey, StoredMessage message) => Message(partitionKey, MessageRowKey(message), message);

    public static TableEntity Message(string partitionKey, string rowKey, StoredMessage message)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        WriteMessage(entity, message);
        WriteReactions(entity, message.Reactions);
        return entity;
    }

    public static StoredMessage ToMessage(TableEntity entity) => ReadMessage(entity) with { Reactions = ReadReactions(entity) };

    public static TableEntity Event(string partitionKey, ChatEvent chatEvent)
    {
        var entity = new TableEntity(partitionKey, EventRowKey(chatEvent.Seq))
        {
            [TypeProperty] = (int)chatEvent.Type,
            [AtProperty] = chatEvent.At.UtcTicks,
            [UserIdProperty] = chatEvent.UserId,
        };
        if (chatEvent.Message is { } message)
        {
            WriteMessage(entity, new StoredMessage(message.Id, message.AuthorId, message.Text, message.SentAt, message.Seq, 0,
                message.EditedAt, message.DeletedAt, message.ReplyToId, message.Metadata));
            if (message.ReactionCounts is { Count: > 0 } counts)
            {
                entity[ReactionCountsProperty] = JsonSerializer.Serialize(counts, StorageJsonContext.Default.DictionaryStringInt32);
            }
        }

        if (chatEvent.Reaction is { } reaction)
        {
            entity[ReactionTypeProperty] = reaction.Type;
            entity[ReactionCreatedAtProperty] = reaction.CreatedAt.UtcTicks;
        }

        if (chatEvent.Read is { } read)
        {
            entity[LastReadAtProperty] = read.LastReadAt.UtcTicks;
        }

        return entity;
    }

    public static ChatEvent ToEvent(string chatId, TableEntity entity)
    {
        var type = (ChatEventType)(entity.GetInt32(TypeProperty) ?? 0);
        var userId = entity.GetString(UserIdProperty);
        ChatMessage? message = null;
        if (entity.ContainsKey(SentAtProperty))
        {
            var counts = entity.GetString(ReactionCountsProperty) is { } json
                ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt32)
                : null;
            var stored = ReadMessage(entity).ToMessage(chatId);
            message = stored with { Details = ((stored.Details ?? new MessageDetails()) with { ReactionCounts = counts }).OrNull() };
        }

        var reaction = entity.GetString(ReactionTypeProperty) is { } reactionType && message is not null
            ? new MessageReaction(message.Id, userId, reactionType, Ticks(entity, ReactionCreatedAtProperty))
            : null;
        var read = entity.GetInt64(LastReadAtProperty) is { } readTicks
            ? new ReadMarker(chatId, userId, new DateTimeOffset(readTicks, TimeSpan.Zero))
            : null;
        return new ChatEvent(type, long.Parse(entity.RowKey.AsSpan(1), CultureInfo.InvariantCulture), chatId,
            Ticks(entity, AtProperty), userId, message, reaction, read);
    }

    /// <summary>A message row read as its <c>message.new</c> event: the message as it now is, at its seq.</summary>
    public static ChatEvent ToMessageNewEvent(string chatId, TableEntity entity)
    {
        var message = ToMessage(entity);
        return new ChatEvent(ChatEventType.MessageNew, message.Seq, chatId, message.SentAt, message.AuthorId, message.ToMessage(chatId));
    }

    private static void WriteMessage(TableEntity entity, StoredMessage message)
    {
        entity[IdProperty] = message.Id;
        entity[AuthorIdProperty] = message.AuthorId;
        entity[TextProperty] = message.Text;

        // Ticks, not Edm.DateTime, so the stored instant is exactly the one returned to the client.
        entity[SentAtProperty] = message.SentAt.UtcTicks;
        entity[SeqProperty] = message.Seq;
        entity[OrdinalProperty] = message.Ordinal;
        if (message.EditedAt is { } editedAt)
        {
            entity[EditedAtProperty] = editedAt.UtcTicks;
        }

        if (message.DeletedAt is { } deletedAt)
        {
            entity[DeletedAtProperty] = deletedAt.UtcTicks;
        }

        if (message.ReplyToId is { } replyToId)
        {
            entity[ReplyToIdProperty] = replyToId;
        }

        if (message.Metadata is { Count: > 0 } metadata)
        {
            entity[MetadataProperty] = JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);
        }
    }

    // Messages stored before events existed have no Seq or Ordinal: 0.
    private static StoredMessage ReadMessage(TableEntity entity) => new(
        entity.GetString(IdProperty),
        entity.GetString(AuthorIdProperty),
        entity.GetString(TextProperty) ?? string.Empty,
        Ticks(entity, SentAtProperty),
        entity.GetInt64(SeqProperty) ?? 0,
        entity.GetInt64(OrdinalProperty) ?? 0,
        OptionalTicks(entity, EditedAtProperty),
        OptionalTicks(entity, DeletedAtProperty),
        entity.GetString(ReplyToIdProperty),
        entity.GetString(MetadataProperty) is { } json
            ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyDictionaryStringString)
            : null);

    /// <summary>The bytes a message's reactions take stored; at most <see cref="ChatLimits.MaxReactionBytes"/>.</summary>
    public static int ReactionBytes(IReadOnlyList<StoredReaction>? reactions) => EncodeReactions(reactions).Length;

    // Reactions as one binary value (user, type, ticks each), split over properties of 60 KiB: an
    // entity may hold 1 MiB, a single property 64 KiB.
    private static void WriteReactions(TableEntity entity, IReadOnlyList<StoredReaction>? reactions) =>
        WriteChunks(entity, ReactionsProperty, EncodeReactions(reactions));

    private static void WriteChunks(TableEntity entity, string property, byte[] bytes)
    {
        if (bytes.Length > MaxChunks * ReactionChunkBytes)
        {
            throw new InvalidOperationException($"{property}: {bytes.Length} bytes, more than a table entity holds.");
        }

        for (int offset = 0, chunk = 0; offset < bytes.Length; offset += ReactionChunkBytes, chunk++)
        {
            entity[property + chunk.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(offset, Math.Min(ReactionChunkBytes, bytes.Length - offset)).ToArray();
        }
    }

    private static byte[] ReadChunks(TableEntity entity, string property)
    {
        using var buffer = new MemoryStream();
        for (var chunk = 0; entity.GetBinary(property + chunk.ToString(CultureInfo.InvariantCulture)) is { } bytes; chunk++)
        {
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static byte[] EncodeReactions(IReadOnlyList<StoredReaction>? reactions)
    {
        if (reactions is not { Count: > 0 })
        {
            return [];
        }

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(reactions.Count);
            foreach (var reaction in reactions)
            {
                writer.Write(reaction.UserId);
                writer.Write(reaction.Type);
                writer.Write(reaction.CreatedAt.UtcTicks);
            }
        }

        return buffer.ToArray();
    }

    private static List<StoredReaction>? ReadReactions(TableEntity entity)
    {
        var bytes = ReadChunks(entity, ReactionsProperty);
        if (bytes.Length == 0)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var count = reader.ReadInt32();
        var reactions = new List<StoredReaction>(count);
        for (var i = 0; i < count; i++)
        {
            reactions.Add(new StoredReaction(reader.ReadString(), reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero)));
        }

        return reactions;
    }

    private static DateTimeOffset Ticks(TableEntity entity, string property) => new(entity.GetInt64(property) ?? 0, TimeSpan.Zero);

    private static DateTimeOffset? OptionalTicks(TableEntity entity, string property) =>
        entity.GetInt64(property) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}

/// <summary>A log's header: the fence of every write, and the counters and read markers unread counts are computed from.</summary>
/// <param name="DeletedOrdinals">The ordinals of deleted messages, ascending (the newest <see cref="MessageLogEntities.MaxDeletedOrdinals"/>).</param>
/// <param name="Reads">The members' read markers, by user id.</param>
internal sealed record class LogHeader(
    DateTimeOffset? LastSentAt,
    long LastSeq,
    long MessageCount,
    IReadOnlyList<long> DeletedOrdinals,
    System.Collections.Immutable.ImmutableDictionary<string, ReadState> Reads)
{
    public static LogHeader Empty { get; } = new(null, 0, 0, [], System.Collections.Immutable.ImmutableDictionary.Create<string, ReadState>(StringComparer.Ordinal));
}

/// <summary>A member's read marker: the time read up to, and the ordinal of the newest message at or before it.</summary>
internal readonly record struct ReadState(DateTimeOffset LastReadAt, long Ordinal);
