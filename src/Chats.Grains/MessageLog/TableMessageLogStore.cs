using Chats.Hosting;
using Chats.Storage;
using static Chats.MessageLog.MessageLogEntities;
using Chats.Diagnostics;

namespace Chats.MessageLog;

/// <summary>The message logs in one Azure Table, one partition per chat (see <see cref="MessageLogEntities"/>).</summary>
internal sealed partial class TableMessageLogStore : IMessageLogStore, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TableClient _table;
    private readonly string _tableName;
    private readonly ILogger<TableMessageLogStore> _logger;

    public TableMessageLogStore(ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableMessageLogStore> logger)
    {
        _tableName = options.Value.MessagesTableName;
        _table = clients.Service.GetTableClient(_tableName);
        _logger = logger;
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TableMessageLogStore), ServiceLifecycleStage.ApplicationServices, InitializeAsync);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        LogInformationTableReady(_tableName);
    }

    public Task<LogSnapshot> LoadAsync(string chatId, int tailSize) => GuardAsync("log_load", chatId, async () =>
    {
        var partitionKey = PartitionKey(chatId);

        var header = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, HeaderRowKey).ConfigureAwait(false);
        if (!header.HasValue || header.Value is null)
        {
            return new LogSnapshot(null, null, []);
        }

        // Only a chat with messages pays for the range query: Azurite evaluates it against every
        // entity of the table, so it grows with the table, not with the chat.
        var lastSentAt = LastSentAt(header.Value);
        var newestFirst = await QueryMessagesAsync(chatId, partitionKey, MessagePrefix, tailSize).ConfigureAwait(false);
        newestFirst.Reverse();
        return new LogSnapshot(header.Value.ETag.ToString(), lastSentAt, newestFirst);
    });

    public Task<IReadOnlyList<ChatMessage>> ReadPageAsync(string chatId, DateTimeOffset? sentBefore, int limit) => GuardAsync("log_read_page", chatId, async () =>
    {
        // Older messages have larger inverted ticks, so "sent before" is "row key after".
        var lowerBound = sentBefore is { } before ? MessageRowKey(before) : MessagePrefix;
        IReadOnlyList<ChatMessage> page = await QueryMessagesAsync(chatId, PartitionKey(chatId), lowerBound, limit).ConfigureAwait(false);
        return page;
    });

    public Task<ChatMessage?> FindByClientIdAsync(string chatId, string messageId) =>
        FindAsync(chatId, IdRowKey(messageId));

    public Task<ChatMessage?> FindBySentAtAsync(string chatId, DateTimeOffset sentAt) =>
        FindAsync(chatId, MessageRowKey(sentAt));

    public Task<AppendResult> AppendAsync(string chatId, string? headerEtag, IReadOnlyList<PendingAppend> messages) => GuardAsync("log_append", chatId, async () =>
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        var partitionKey = PartitionKey(chatId);
        var header = Header(partitionKey, messages[^1].Message.SentAt);
        var actions = new List<TableTransactionAction>(messages.Count * 2 + 1)
        {
            headerEtag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, header)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, header, new ETag(headerEtag)),
        };

        // Which message each action belongs to, and whether it is that message's idempotency record.
        var owners = new List<(int Message, bool IsIdRecord)> { (-1, false) };
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i].Message;
            var rowKey = MessageRowKey(message.SentAt);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Message(partitionKey, rowKey, message)));
            owners.Add((i, false));
            if (messages[i].ClientSuppliedId)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, Message(partitionKey, IdRowKey(message.Id), message)));
                owners.Add((i, true));
            }
        }

        try
        {
            var response = await _table.SubmitTransactionAsync(actions).ConfigureAwait(false);
            return AppendResult.Stored(response.Value[0].Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"Table storage returned no ETag for the log header of chat {chatId}."));
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            var failed = exception.FailedTransactionActionIndex is { } index && index < owners.Count ? owners[index] : (Message: -1, IsIdRecord: false);
            if (failed.IsIdRecord && exception.Status == 409)
            {
                return AppendResult.Duplicate(failed.Message);
            }

            LogWarningStaleAppend(chatId, exception.Status, exception.FailedTransactionActionIndex);
            return AppendResult.Stale;
        }
    });

    private Task<ChatMessage?> FindAsync(string chatId, string rowKey) => GuardAsync("log_find", chatId, async () =>
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(chatId), rowKey).ConfigureAwait(false);
        return entity.HasValue && entity.Value is not null ? ToMessage(chatId, entity.Value) : null;
    });

    private async Task<List<ChatMessage>> QueryMessagesAsync(string chatId, string partitionKey, string exclusiveLowerBound, int limit)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partitionKey} and RowKey gt {exclusiveLowerBound} and RowKey lt {MessageRangeEnd}");
        var messages = new List<ChatMessage>(Math.Min(limit, 1000));
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000)).ConfigureAwait(false))
        {
            messages.Add(ToMessage(chatId, entity));
            if (messages.Count == limit)
            {
                break;
            }
        }

        return messages;
    }

    private Task<T> GuardAsync<T>(string operationName, string chatId, Func<Task<T>> operation) =>
        StorageOperation.RunAsync(operationName, $"The message log of chat {chatId}", exception => LogWarningUnavailable(exception, chatId), operation);

    [LoggerMessage(EventId = (int)LogEvents.MessageLogTableReady, Level = LogLevel.Information, Message = "Message log is using table {TableName}")]
    private partial void LogInformationTableReady(string tableName);

    [LoggerMessage(EventId = (int)LogEvents.MessageLogAppendStale, Level = LogLevel.Warning, Message = "Append to the log of chat {ChatId} refused as stale (status {Status}, action {ActionIndex})")]
    private partial void LogWarningStaleAppend(string chatId, int status, int? actionIndex);

    [LoggerMessage(EventId = (int)LogEvents.MessageLogUnavailable, Level = LogLevel.Warning, Message = "Message log of chat {ChatId} is unavailable")]
    private partial void LogWarningUnavailable(Exception exception, string chatId);
}
