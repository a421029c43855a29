using Chats.Hosting;
using Chats.Storage;
using Chats.MemberSets;
using Chats.UserChats;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Chats.Diagnostics;

namespace Chats.Upgrade;

/// <summary>
/// Moves the grain state written by the releases before Orleans' Azure Table provider (Chats' own
/// grain storage provider, up to 2026-11) to Orleans' provider, once, before the silo takes calls. Those rows
/// sit in the same table, are told by their <c>GrainId</c> property (the provider writes none), hold
/// Newtonsoft JSON, and are keyed by grain keys of the old form (U+0001 tenant markers, U+001F
/// between members). Each is read, re-keyed, written through the provider (never over a newer row)
/// and deleted; a single-state chat list becomes chat-list rows. A marker row ends the work for
/// good, so later starts cost one point read. Several silos may run it at once: every step is idempotent.
/// Reads stores written before 2026-11-26 (901a0f0). Delete, with the other Legacy* types, once no
/// deployment has such a store: every store that started once since then holds the marker row.
/// </summary>
internal sealed partial class LegacyGrainStateMigration(
    ChatsTableClients clients,
    IOptions<ChatsStorageOptions> options,
    IOptions<ClusterOptions> cluster,
    [FromKeyedServices(GrainStorageNames.Chats)] IGrainStorage storage,
    IUserChatListStore chatLists,
    ILogger<LegacyGrainStateMigration> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const string MarkerPartitionKey = "chats-migrations";
    private const string MarkerRowKey = "own-table-grain-storage";
    private const char OldTenantMarker = '\u0001';
    private const char OldMemberSeparator = '\u001f';

    // The properties of the old provider's rows.
    private enum Column { GrainId, StateName, Data }

    // After the grain storage and the chat-list table are ready, before the silo joins the cluster.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LegacyGrainStateMigration), ServiceLifecycleStage.ApplicationServices + 1, RunAsync);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var table = clients.Service.GetTableClient(options.Value.GrainStateTableName);
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartitionKey, MarkerRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (marker.HasValue)
        {
            return;
        }

        // The old provider's partition keys were the encoded "{ServiceId}_{GrainId}".
        var ownPrefix = StorageKeys.Encode(cluster.Value.ServiceId + "_");
        int moved = 0, left = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetString(nameof(Column.GrainId)) is not { } grainId || row.GetString(nameof(Column.StateName)) is not { } stateName
                || !row.PartitionKey.StartsWith(ownPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (await MoveAsync(grainId, stateName, ReadData(row)).ConfigureAwait(false))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                moved++;
            }
            else
            {
                LogWarningUnknownState(grainId, stateName);
                left++;
            }
        }

        var done = new TableEntity(MarkerPartitionKey, MarkerRowKey) { ["CompletedAt"] = DateTimeOffset.UtcNow, ["Moved"] = moved };
        await table.UpsertEntityAsync(done, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogInformationDone(moved, left, options.Value.GrainStateTableName);
    }

    private async Task<bool> MoveAsync(string grainId, string stateName, byte[]? data)
    {
        var slash = grainId.IndexOf('/', StringComparison.Ordinal);
        var (type, oldKey) = (grainId[..slash], grainId[(slash + 1)..]);
        switch (type, stateName)
        {
            case ("chat", "chat"):
                await CopyAsync(stateName, GrainId.Create(type, StorageKeys.Encode(oldKey)), data is null ? null : LegacyStateJson.Deserialize<ChatState>(data)).ConfigureAwait(false);
                return true;
            case ("memberset", "memberSet"):
                await CopyAsync(stateName, GrainId.Create(type, NewMemberSetKey(oldKey)), data is null ? null : LegacyStateJson.Deserialize<MemberSetState>(data)).ConfigureAwait(false);
                return true;
            case ("userchats", "userChats"):
                if (data is not null)
                {
                    await MoveChatListAsync(StorageKeys.Encode(oldKey), LegacyStateJson.Deserialize<LegacyUserChatsState>(data)).ConfigureAwait(false);
                }

                return true;
            default:
                return false;
        }
    }

    private async Task CopyAsync<T>(string stateName, GrainId grainId, T? state)
    {
        if (state is null)
        {
            // A cleared state: nothing to keep.
            return;
        }

        try
        {
            await storage.WriteStateAsync(stateName, grainId, new GrainState<T>(state)).ConfigureAwait(false);
        }
        catch (InconsistentStateException)
        {
            // Already there: moved by an earlier or a concurrent run, and maybe changed since. Keep it.
        }
    }

    private async Task MoveChatListAsync(string userKey, LegacyUserChatsState state)
    {
        var existing = (await chatLists.LoadAsync(userKey).ConfigureAwait(false)).ToDictionary(row => row.ChatKey, StringComparer.Ordinal);
        var rows = state.Chats
            .Select(chat => new UserChatRow(StorageKeys.Encode(chat.Key), chat.Value.CreatedAt, chat.Value.LastMessageAt))
            .Where(row => !existing.TryGetValue(row.ChatKey, out var stored) || stored.LastMessageAt < row.LastMessageAt)
            .ToList();
        await chatLists.SaveAsync(userKey, rows).ConfigureAwait(false);
    }

    // Old member-set keys: the sorted ids joined by U+001F (or "sha256:" and the hash of that, for long
    // sets, which the new rule keeps), behind the old tenant marker.
    private static string NewMemberSetKey(string oldKey)
    {
        var (tenant, key) = (TenantKeys.DefaultTenant, oldKey);
        if (oldKey.Length > 0 && oldKey[0] == OldTenantMarker && oldKey.IndexOf(OldTenantMarker, 1) is var end and > 0)
        {
            (tenant, key) = (oldKey[1..end], oldKey[(end + 1)..]);
        }

        return key.StartsWith("sha256:", StringComparison.Ordinal)
            ? TenantKeys.Scope(tenant, key)
            : MemberSet.From(key.Split(OldMemberSeparator)).GrainKeyIn(tenant);
    }

    // The old layout: the serialized state split over binary properties Data, Data1, Data2, ...; no Data: cleared.
    private static byte[]? ReadData(TableEntity row)
    {
        if (!row.ContainsKey(nameof(Column.Data)))
        {
            return null;
        }

        var chunks = new List<byte[]>();
        for (var index = 0; row.TryGetValue(index == 0 ? nameof(Column.Data) : nameof(Column.Data) + index, out var value) && value is byte[] chunk; index++)
        {
            chunks.Add(chunk);
        }

        return [.. chunks.SelectMany(chunk => chunk)];
    }

    [LoggerMessage(EventId = (int)LogEvents.LegacyStateMoved, Level = LogLevel.Information, Message = "Grain state of earlier releases: moved {Moved} rows of table {TableName} to Orleans' Azure Table provider; {Left} rows of unknown kinds left as they are")]
    private partial void LogInformationDone(int moved, int left, string tableName);

    [LoggerMessage(EventId = (int)LogEvents.LegacyStateUnknown, Level = LogLevel.Warning, Message = "Grain state of an earlier release not moved: no rule for state {StateName} of grain {GrainId}")]
    private partial void LogWarningUnknownState(string grainId, string stateName);
}
