using System.Text.Json;
using Chats.Storage;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// Message rows and event rows: times as ticks (the exact instant returned to clients), metadata
/// and reaction counts as JSON strings, reactions through <see cref="BinaryProperties"/>.
/// </summary>
internal static class MessageEntities
{
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

    public static TableEntity Message(string partitionKey, StoredMessage message) => Message(partitionKey, RowKeys.Message(message), message);

    public static TableEntity Message(string partitionKey, string rowKey, StoredMessage message)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        WriteMessage(entity, message);
        BinaryProperties.WriteList(entity, ReactionsProperty, message.Reactions ?? [], WriteReaction);
        return entity;
    }

    public static StoredMessage ToMessage(TableEntity entity) =>
        ReadMessage(entity) with { Reactions = BinaryProperties.ReadList(entity, ReactionsProperty, ReadReaction) is { Count: > 0 } reactions ? reactions : null };

    /// <summary>The bytes a message's reactions take stored; at most <see cref="ChatLimits.MaxReactionBytes"/>.</summary>
    public static int ReactionBytes(IReadOnlyList<StoredReaction> reactions) => BinaryProperties.SizeOf(reactions, WriteReaction);

    public static TableEntity Event(string partitionKey, ChatEvent chatEvent)
    {
        var entity = new TableEntity(partitionKey, RowKeys.Event(chatEvent.Seq))
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

    public static ChatEvent ToEvent(string chatKey, TableEntity entity)
    {
        var type = (ChatEventType)(entity.GetInt32(TypeProperty) ?? 0);
        var userId = entity.GetString(UserIdProperty);
        ChatMessage? message = null;
        if (entity.ContainsKey(SentAtProperty))
        {
            var counts = entity.GetString(ReactionCountsProperty) is { } json
                ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt32)
                : null;
            var stored = ReadMessage(entity).ToMessage(chatKey);
            message = stored with { Details = ((stored.Details ?? new MessageDetails()) with { ReactionCounts = counts }).OrNull() };
        }

        var reaction = entity.GetString(ReactionTypeProperty) is { } reactionType && message is not null
            ? new MessageReaction(message.Id, userId, reactionType, Ticks(entity, ReactionCreatedAtProperty))
            : null;
        var read = entity.GetInt64(LastReadAtProperty) is { } readTicks
            ? new ReadMarker(chatKey, userId, new DateTimeOffset(readTicks, TimeSpan.Zero))
            : null;
        return new ChatEvent(type, RowKeys.SeqOfEvent(entity.RowKey), chatKey, Ticks(entity, AtProperty), userId, message, reaction, read);
    }

    /// <summary>A message row read as its <c>message.new</c> event: the message as it now is, at its seq.</summary>
    public static ChatEvent ToMessageNewEvent(string chatKey, TableEntity entity)
    {
        var message = ToMessage(entity);
        return new ChatEvent(ChatEventType.MessageNew, message.Seq, chatKey, message.SentAt, message.AuthorId, message.ToMessage(chatKey));
    }

    private static void WriteMessage(TableEntity entity, StoredMessage message)
    {
        entity[IdProperty] = message.Id;
        entity[AuthorIdProperty] = message.AuthorId;
        entity[TextProperty] = message.Text;
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

    // Pre-event messages have no Seq or Ordinal: 0.
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

    private static void WriteReaction(BinaryWriter writer, StoredReaction reaction)
    {
        writer.Write(reaction.UserId);
        writer.Write(reaction.Type);
        writer.Write(reaction.CreatedAt.UtcTicks);
    }

    private static StoredReaction ReadReaction(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero));

    private static DateTimeOffset Ticks(TableEntity entity, string property) => new(entity.GetInt64(property) ?? 0, TimeSpan.Zero);

    private static DateTimeOffset? OptionalTicks(TableEntity entity, string property) =>
        entity.GetInt64(property) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
}
