using System.Text.Json;
using Chats.Hosting;
using Chats.Storage;
using Chats.Diagnostics;

namespace Chats.UserChats;

/// <summary>
/// Users' chat lists in one Azure Table: partition = the user's grain key, row = the chat's grain key
/// (both legal table keys as they are; see <see cref="StorageKeys"/>). A user's rows share a
/// partition, so a write of many of them goes in 100-row transactions.
/// </summary>
internal sealed partial class TableUserChatListStore : IUserChatListStore, ILifecycleParticipant<ISiloLifecycle>
{
    // An entity-group transaction holds at most 100 entities.
    private const int MaxRowsPerTransaction = 100;
    private const string CreatedAtProperty = "CreatedAt";
    private const string LastMessageAtProperty = "LastMessageAt";
    private const string LastSeqProperty = "LastSeq";
    private const string LastMessageProperty = "LastMessage";
    private const string UnreadCountProperty = "UnreadCount";
    private const string LastReadAtProperty = "LastReadAt";
    private const string OthersReadAtProperty = "OthersReadAt";
    private const string UserIdsProperty = "UserIds";

    // A string property holds 32K characters: larger member lists are not kept in the row (the chat is asked).
    private const int MaxUserIdsJsonLength = 30_000;

    private readonly TableClient _table;
    private readonly string _tableName;
    private readonly ILogger<TableUserChatListStore> _logger;

    public TableUserChatListStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableUserChatListStore> logger)
    {
        _tableName = options.Value.UserChatsTableName;
        _table = clients.Service.GetTableClient(_tableName);
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TableUserChatListStore), ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    public Task<IReadOnlyList<UserChatRow>> LoadAsync(string userKey) => GuardAsync("user_chats_load", userKey, async () =>
    {
        var rows = new List<UserChatRow>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userKey}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000).ConfigureAwait(false))
        {
            rows.Add(new UserChatRow(
                entity.RowKey,
                entity.GetDateTimeOffset(CreatedAtProperty) ?? default,
                entity.GetDateTimeOffset(LastMessageAtProperty),
                ToEntry(entity),
                entity.GetString(UserIdsProperty) is { } members ? JsonSerializer.Deserialize(members, StorageJsonContext.Default.IReadOnlyListString) : null));
        }

        IReadOnlyList<UserChatRow> loaded = rows;
        return loaded;
    });

    public Task SaveAsync(string userKey, IReadOnlyCollection<UserChatRow> rows) => GuardAsync("user_chats_save", userKey, async () =>
    {
        foreach (var chunk in rows.Chunk(MaxRowsPerTransaction))
        {
            var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(userKey, row)));
            await _table.SubmitTransactionAsync(actions).ConfigureAwait(false);
        }

        return true;
    });

    private static TableEntity ToEntity(string partitionKey, UserChatRow row)
    {
        var entity = new TableEntity(partitionKey, row.ChatKey)
        {
            [CreatedAtProperty] = row.CreatedAt,
        };
        if (row.LastMessageAt is { } lastMessageAt)
        {
            entity[LastMessageAtProperty] = lastMessageAt;
        }

        if (row.UserIds is { } userIds && JsonSerializer.Serialize(userIds, StorageJsonContext.Default.IReadOnlyListString) is { Length: <= MaxUserIdsJsonLength } members)
        {
            entity[UserIdsProperty] = members;
        }

        if (row.Entry is { } view)
        {
            entity[LastSeqProperty] = view.LastSeq;
            entity[UnreadCountProperty] = view.UnreadCount;
            if (view.LastReadAt is { } lastReadAt)
            {
                entity[LastReadAtProperty] = lastReadAt;
            }

            if (view.OthersReadAt is { } othersReadAt)
            {
                entity[OthersReadAtProperty] = othersReadAt;
            }

            if (view.LastMessage is { } message)
            {
                entity[LastMessageProperty] = JsonSerializer.Serialize(ListedMessage.From(message), StorageJsonContext.Default.ListedMessage);
            }
        }

        return entity;
    }

    // Rows written before chats pushed their view have no LastSeq: no view.
    private static ChatListEntry? ToEntry(TableEntity entity) => entity.GetInt64(LastSeqProperty) is not { } lastSeq
        ? null
        : new ChatListEntry(
            lastSeq,
            entity.GetString(LastMessageProperty) is { } json ? JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListedMessage)?.ToMessage() : null,
            entity.GetInt32(UnreadCountProperty) ?? 0,
            entity.GetDateTimeOffset(LastReadAtProperty),
            entity.GetDateTimeOffset(OthersReadAtProperty));

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        LogInformationTableReady(_tableName);
    }

    private Task<T> GuardAsync<T>(string operationName, string userKey, Func<Task<T>> operation) =>
        StorageOperation.RunAsync(operationName, $"The chat list of user {userKey}", exception => LogWarningUnavailable(exception, userKey), operation);

    [LoggerMessage(EventId = (int)LogEvents.ChatListTableReady, Level = LogLevel.Information, Message = "Users' chat lists are using table {TableName}")]
    private partial void LogInformationTableReady(string tableName);

    [LoggerMessage(EventId = (int)LogEvents.ChatListUnavailable, Level = LogLevel.Warning, Message = "The chat list of user {UserKey} is unavailable")]
    private partial void LogWarningUnavailable(Exception exception, string userKey);
}
