namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The actions of one commit, the header's first (fenced by its ETag, or added when the log is new).
/// A transaction may touch a row once: a row written twice in a batch (a message changed right after
/// it was sent) is written once, as it ends up. Owners say which change each action belongs to, and
/// whether it is an idempotency record, so a refusal can be traced to its change.
/// </summary>
internal sealed class LogTransaction
{
    private readonly List<(int Owner, bool IsIdRecord)> _owners = [(-1, false)];
    private readonly Dictionary<string, int> _indexByRow = new(StringComparer.Ordinal);

    public LogTransaction(string partitionKey, TableEntity header, string? headerEtag)
    {
        PartitionKey = partitionKey;
        Actions = [headerEtag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, header)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, header, new ETag(headerEtag))];
        _indexByRow[header.RowKey] = 0;
    }

    public string PartitionKey { get; }

    public List<TableTransactionAction> Actions { get; }

    /// <summary>A rough size of the request: strings as UTF-16, binary as base64, and a little per property.</summary>
    public long EstimatedBytes => Actions.Sum(action => ((TableEntity)action.Entity).Sum(pair => SizeOf(pair.Key, pair.Value)));

    public void Add(TableTransactionActionType type, TableEntity entity, int owner, bool isIdRecord = false)
    {
        if (_indexByRow.TryGetValue(entity.RowKey, out var index))
        {
            Actions[index] = new TableTransactionAction(Actions[index].ActionType, entity);
            return;
        }

        _indexByRow[entity.RowKey] = Actions.Count;
        Actions.Add(new TableTransactionAction(type, entity));
        _owners.Add((owner, isIdRecord));
    }

    private static long SizeOf(string name, object? value) => 32L + name.Length + value switch
    {
        string text => text.Length * 2L,
        byte[] bytes => bytes.Length * 4L / 3,
        _ => 16,
    };

    /// <summary>The change the action at <paramref name="index"/> belongs to (-1: none, or the header).</summary>
    public (int Owner, bool IsIdRecord) OwnerOf(int? index) => index is { } i && i < _owners.Count ? _owners[i] : (-1, false);
}
