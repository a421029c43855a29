using System.Text.Json;
using Chats.Hosting;
using Chats.Storage;

namespace Chats.UserChats;

/// <summary>
/// Users' chat lists in one Azure Table: partition = the user's grain key, row = the chat's grain key
/// (both legal table keys as they are; see <see cref="StorageKeys"/>). A user's rows share a
/// partition, so a write of many of them goes in 100-row transactions.
/// </summary>
internal sealed class TableUserChatListStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableUserChatListStore> logger)
    : TableStore(clients.Service, options.Value.UserChatsTableName, logger), IUserChatListStore
{
    // An entity-group transaction holds at most 100 entities.
    private const int MaxRowsPerTransaction = 100;

    // A string property holds 32K characters: larger member lists are not kept in the row (the chat is asked).
    private const int MaxUserIdsJsonLength = 30_000;

    // The stored property names: part of the table's format.
    private enum Column { CreatedAt, LastMessageAt, LastSeq, LastMessage, UnreadCount, LastReadAt, OthersReadAt, UserIds, Name, Metadata, Group, OwnerId, MemberCount, Unsettled }

    public Task<IReadOnlyList<UserChatRow>> LoadAsync(string userKey) => GuardAsync("user_chats_load", userKey, async () =>
    {
        var rows = new List<UserChatRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userKey}");
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1000).ConfigureAwait(false))
        {
            rows.Add(new UserChatRow(
                entity.RowKey,
                entity.GetDateTimeOffset(nameof(Column.CreatedAt)) ?? default,
                entity.GetDateTimeOffset(nameof(Column.LastMessageAt)),
                ToEntry(entity),
                entity.GetString(nameof(Column.UserIds)) is { } members ? JsonSerializer.Deserialize(members, StorageJsonContext.Default.IReadOnlyListString) : null,
                ToCard(entity),
                entity.GetBoolean(nameof(Column.Unsettled)) ?? false));
        }

        IReadOnlyList<UserChatRow> loaded = rows;
        return loaded;
    });

    public Task SaveAsync(string userKey, IReadOnlyCollection<UserChatRow> rows) => GuardAsync("user_chats_save", userKey, async () =>
    {
        foreach (var chunk in rows.Chunk(MaxRowsPerTransaction))
        {
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(userKey, row)));
            await Table.SubmitTransactionAsync(actions).ConfigureAwait(false);
        }

        return true;
    });

    public Task DeleteAsync(string userKey, IReadOnlyCollection<string> chatKeys) => GuardAsync("user_chats_delete", userKey, async () =>
    {
        foreach (var chunk in chatKeys.Chunk(MaxRowsPerTransaction))
        {
            var actions = chunk.Select(chatKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(userKey, chatKey), ETag.All));
            try
            {
                await Table.SubmitTransactionAsync(actions).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 404)
            {
                // One was gone already (a transaction fails whole): delete them one by one.
                foreach (var chatKey in chunk)
                {
                    await Table.DeleteEntityAsync(userKey, chatKey, ETag.All).ConfigureAwait(false);
                }
            }
        }

        return true;
    });

    private static TableEntity ToEntity(string partitionKey, UserChatRow row)
    {
        var entity = new TableEntity(partitionKey, row.ChatKey)
        {
            [nameof(Column.CreatedAt)] = row.CreatedAt,
        };
        if (row.LastMessageAt is { } lastMessageAt)
        {
            entity[nameof(Column.LastMessageAt)] = lastMessageAt;
        }

        if (row.UserIds is { } userIds && JsonSerializer.Serialize(userIds, StorageJsonContext.Default.IReadOnlyListString) is { Length: <= MaxUserIdsJsonLength } members)
        {
            entity[nameof(Column.UserIds)] = members;
        }

        if (row.Card is { } card)
        {
            entity[nameof(Column.Group)] = card.IsGroup;
            entity[nameof(Column.MemberCount)] = card.MemberCount;
            if (card.Name is { } name)
            {
                entity[nameof(Column.Name)] = name;
            }

            if (card.Metadata is { } metadata)
            {
                entity[nameof(Column.Metadata)] = JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);
            }

            if (card.OwnerId is { } ownerId)
            {
                entity[nameof(Column.OwnerId)] = ownerId;
            }
        }

        if (row.Unsettled)
        {
            entity[nameof(Column.Unsettled)] = true;
        }

        if (row.Entry is { } view)
        {
            entity[nameof(Column.LastSeq)] = view.LastSeq;
            entity[nameof(Column.UnreadCount)] = view.UnreadCount;
            if (view.LastReadAt is { } lastReadAt)
            {
                entity[nameof(Column.LastReadAt)] = lastReadAt;
            }

            if (view.OthersReadAt is { } othersReadAt)
            {
                entity[nameof(Column.OthersReadAt)] = othersReadAt;
            }

            if (view.LastMessage is { } message)
            {
                entity[nameof(Column.LastMessage)] = JsonSerializer.Serialize(ListedMessage.From(message), StorageJsonContext.Default.ListedMessage);
            }
        }

        return entity;
    }

    private static ChatCard? ToCard(TableEntity entity) => entity.GetInt32(nameof(Column.MemberCount)) is not { } count
        ? null
        : new ChatCard(
            entity.GetString(nameof(Column.Name)),
            entity.GetString(nameof(Column.Metadata)) is { } json ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.IReadOnlyDictionaryStringString) : null,
            entity.GetBoolean(nameof(Column.Group)) ?? false,
            entity.GetString(nameof(Column.OwnerId)),
            count);

    // Rows written before chats pushed their view have no LastSeq: no view.
    private static ChatListEntry? ToEntry(TableEntity entity) => entity.GetInt64(nameof(Column.LastSeq)) is not { } lastSeq
        ? null
        : new ChatListEntry(
            lastSeq,
            entity.GetString(nameof(Column.LastMessage)) is { } json ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListedMessage)?.ToMessage(entity.RowKey) : null,
            entity.GetInt32(nameof(Column.UnreadCount)) ?? 0,
            entity.GetDateTimeOffset(nameof(Column.LastReadAt)),
            entity.GetDateTimeOffset(nameof(Column.OthersReadAt)));

    private Task<T> GuardAsync<T>(string operationName, string userKey, Func<Task<T>> operation) =>
        RunAsync(operationName, $"The chat list of user {userKey}", operation);
}
