using System.Collections.Immutable;
using System.Text.Json;
using Chats.Members;
using Chats.Storage;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The roster row (<see cref="RowKeys.Roster"/>): whether the chat is a group, its name, its metadata
/// (JSON) and its members (user, role, joined-at ticks, joined seq each, through <see cref="BinaryProperties"/>).
/// </summary>
internal static class RosterEntity
{
    // The stored property names: part of the table's format.
    private enum Column { Group, Name, Metadata, Members }

    public static TableEntity From(string partitionKey, ChatRoster roster)
    {
        var entity = new TableEntity(partitionKey, RowKeys.Roster)
        {
            [nameof(Column.Group)] = roster.IsGroup,
        };
        if (roster.Name is { } name)
        {
            entity[nameof(Column.Name)] = name;
        }

        if (roster.Metadata is { } metadata)
        {
            entity[nameof(Column.Metadata)] = JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);
        }

        BinaryProperties.WriteList(entity, nameof(Column.Members), roster.Members, static (writer, member) =>
        {
            writer.Write(member.Key);
            writer.Write((byte)member.Value.Role);
            writer.Write(member.Value.JoinedAt.UtcTicks);
            writer.Write(member.Value.JoinedSeq);
        });
        return entity;
    }

    public static ChatRoster ToRoster(TableEntity entity)
    {
        var members = BinaryProperties.ReadList(entity, nameof(Column.Members), static reader => KeyValuePair.Create(
            reader.ReadString(),
            new RosterEntry((ChatRole)reader.ReadByte(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadInt64())));
        return new ChatRoster(
            entity.GetBoolean(nameof(Column.Group)) ?? false,
            entity.GetString(nameof(Column.Name)),
            entity.GetString(nameof(Column.Metadata)) is { } json ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyDictionaryStringString) : null,
            ImmutableDictionary.CreateRange(StringComparer.Ordinal, members));
    }
}
