using System.Text.Json;
using Chats.Storage;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// Message rows and event rows: times as ticks (the exact instant returned to clients), metadata
/// and reaction counts as JSON strings, reactions through <see cref="BinaryProperties"/>.
/// </summary>
internal static class MessageEntities
{
    // The stored property names: part of the table's format.
    private enum Column { Id, AuthorId, Text, SentAt, Seq, Ordinal, EditedAt, DeletedAt, ReplyToId, Metadata, Reactions, ReactionCounts, Type, At, UserId, ReactionType, ReactionCreatedAt, LastReadAt, MemberIds, Role, Name, ChatMetadata, Attachments }

    public static TableEntity Message(string partitionKey, StoredMessage message) => Message(partitionKey, RowKeys.Message(message), message);

    public static TableEntity Message(string partitionKey, string rowKey, StoredMessage message)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        WriteMessage(entity, message);
        BinaryProperties.WriteList(entity, nameof(Column.Reactions), message.Reactions ?? [], WriteReaction);
        return entity;
    }

    public static StoredMessage ToMessage(TableEntity entity) =>
        ReadMessage(entity) with { Reactions = BinaryProperties.ReadList(entity, nameof(Column.Reactions), ReadReaction) is { Count: > 0 } reactions ? reactions : null };

    /// <summary>The bytes a message's reactions take stored; at most <see cref="ChatLimits.MaxReactionBytes"/>.</summary>
    public static int ReactionBytes(IReadOnlyList<StoredReaction> reactions) => BinaryProperties.SizeOf(reactions, WriteReaction);

    public static TableEntity Event(string partitionKey, ChatEvent chatEvent)
    {
        var entity = new TableEntity(partitionKey, RowKeys.Event(chatEvent.Seq))
        {
            [nameof(Column.Type)] = (int)chatEvent.Type,
            [nameof(Column.At)] = chatEvent.At.UtcTicks,
        };
        if (chatEvent.UserId is { } userId)
        {
            entity[nameof(Column.UserId)] = userId;
        }

        if (chatEvent.Message is { } message)
        {
            WriteMessage(entity, new StoredMessage(message.Id, message.AuthorId, message.Text, message.SentAt, message.Seq, 0,
                message.EditedAt, message.DeletedAt, message.ReplyToId, message.Metadata, Attachments: message.Attachments));
            if (message.ReactionCounts is { Count: > 0 } counts)
            {
                entity[nameof(Column.ReactionCounts)] = JsonSerializer.Serialize(counts, StorageJsonContext.Default.DictionaryStringInt32);
            }
        }

        if (chatEvent.Reaction is { } reaction)
        {
            entity[nameof(Column.ReactionType)] = reaction.Type;
            entity[nameof(Column.ReactionCreatedAt)] = reaction.CreatedAt.UtcTicks;
        }

        if (chatEvent.Read is { } read)
        {
            entity[nameof(Column.LastReadAt)] = read.LastReadAt.UtcTicks;
        }

        if (chatEvent.Members is { } members)
        {
            BinaryProperties.WriteList(entity, nameof(Column.MemberIds), members.UserIds, static (writer, id) => writer.Write(id));
            if (members.Role is { } role)
            {
                entity[nameof(Column.Role)] = (int)role;
            }
        }

        if (chatEvent.Chat is { } chat)
        {
            if (chat.Name is { } name)
            {
                entity[nameof(Column.Name)] = name;
            }

            if (chat.Metadata is { } metadata)
            {
                entity[nameof(Column.ChatMetadata)] = JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);
            }
        }

        return entity;
    }

    public static ChatEvent ToEvent(string chatKey, TableEntity entity)
    {
        var type = (ChatEventType)(entity.GetInt32(nameof(Column.Type)) ?? 0);
        var userId = entity.GetString(nameof(Column.UserId));
        ChatMessage? message = null;
        if (entity.ContainsKey(nameof(Column.SentAt)))
        {
            var counts = entity.GetString(nameof(Column.ReactionCounts)) is { } json
                ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt32)
                : null;
            var stored = ReadMessage(entity).ToMessage(chatKey);
            message = stored with { Details = ((stored.Details ?? new MessageDetails()) with { ReactionCounts = counts }).OrNull() };
        }

        var reaction = entity.GetString(nameof(Column.ReactionType)) is { } reactionType && message is not null
            ? new MessageReaction(message.Id, userId!, reactionType, Ticks(entity, nameof(Column.ReactionCreatedAt)))
            : null;
        var read = entity.GetInt64(nameof(Column.LastReadAt)) is { } readTicks
            ? new ReadMarker(chatKey, userId!, new DateTimeOffset(readTicks, TimeSpan.Zero))
            : null;
        var members = type is ChatEventType.MemberAdded or ChatEventType.MemberRemoved or ChatEventType.MemberUpdated
            ? new MemberChange(BinaryProperties.ReadList(entity, nameof(Column.MemberIds), static reader => reader.ReadString()),
                entity.GetInt32(nameof(Column.Role)) is { } role ? (ChatRole)role : null)
            : null;
        var chat = type == ChatEventType.ChatUpdated
            ? new ChatProfile(entity.GetString(nameof(Column.Name)),
                entity.GetString(nameof(Column.ChatMetadata)) is { } chatJson ? JsonSerializer.Deserialize(chatJson, StorageJsonContext.Default.IReadOnlyDictionaryStringString) : null)
            : null;
        return new ChatEvent(type, RowKeys.SeqOfEvent(entity.RowKey), chatKey, Ticks(entity, nameof(Column.At)), userId, message, reaction, read, members, chat);
    }

    /// <summary>A message row read as its <c>message.new</c> event: the message as it now is, at its seq.</summary>
    public static ChatEvent ToMessageNewEvent(string chatKey, TableEntity entity)
    {
        var message = ToMessage(entity);
        return new ChatEvent(ChatEventType.MessageNew, message.Seq, chatKey, message.SentAt, message.AuthorId, message.ToMessage(chatKey));
    }

    private static void WriteMessage(TableEntity entity, StoredMessage message)
    {
        entity[nameof(Column.Id)] = message.Id;
        entity[nameof(Column.AuthorId)] = message.AuthorId;
        entity[nameof(Column.Text)] = message.Text;
        entity[nameof(Column.SentAt)] = message.SentAt.UtcTicks;
        entity[nameof(Column.Seq)] = message.Seq;
        entity[nameof(Column.Ordinal)] = message.Ordinal;
        if (message.EditedAt is { } editedAt)
        {
            entity[nameof(Column.EditedAt)] = editedAt.UtcTicks;
        }

        if (message.DeletedAt is { } deletedAt)
        {
            entity[nameof(Column.DeletedAt)] = deletedAt.UtcTicks;
        }

        if (message.ReplyToId is { } replyToId)
        {
            entity[nameof(Column.ReplyToId)] = replyToId;
        }

        if (message.Metadata is { Count: > 0 } metadata)
        {
            entity[nameof(Column.Metadata)] = JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);
        }

        if (message.Attachments is { Count: > 0 } attachments)
        {
            entity[nameof(Column.Attachments)] = JsonSerializer.Serialize(attachments, StorageJsonContext.Default.IReadOnlyListMessageAttachment);
        }
    }

    // Pre-event messages have no Seq or Ordinal: 0.
    private static StoredMessage ReadMessage(TableEntity entity) => new(
        entity.GetString(nameof(Column.Id)),
        entity.GetString(nameof(Column.AuthorId)),
        entity.GetString(nameof(Column.Text)) ?? string.Empty,
        Ticks(entity, nameof(Column.SentAt)),
        entity.GetInt64(nameof(Column.Seq)) ?? 0,
        entity.GetInt64(nameof(Column.Ordinal)) ?? 0,
        OptionalTicks(entity, nameof(Column.EditedAt)),
        OptionalTicks(entity, nameof(Column.DeletedAt)),
        entity.GetString(nameof(Column.ReplyToId)),
        entity.GetString(nameof(Column.Metadata)) is { } json
            ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyDictionaryStringString)
            : null,
        Attachments: entity.GetString(nameof(Column.Attachments)) is { } attachments
            ? JsonSerializer.Deserialize(attachments, StorageJsonContext.Default.IReadOnlyListMessageAttachment)
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
