using Chats.Hosting;
using Chats.Storage;
using Chats.Upgrade;
using Chats.UserChats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;
using Chats.MemberSets;

namespace Chats.Tests.Upgrade;

/// <summary>
/// The move of grain state from the old layout, row by row, on a table of its own: re-keying, never
/// writing over a newer row, chat lists to rows, and a second run doing nothing. (The whole path on a
/// store the old releases wrote is <see cref="UpgradeFromOwnGrainStorageTests"/>.)
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LegacyGrainStateMigrationTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    private IGrainStorage Storage => Silo.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Chats);

    [Fact]
    public async Task OldRowsAreReKeyedMovedAndDeletedAndANewerRowIsKept()
    {
        var table = await NewLegacyTableAsync();
        var tenantChat = Guid.NewGuid().ToString();
        var takenChat = Guid.NewGuid().ToString();
        var user = $"user/{Guid.NewGuid():N}";
        var chatState = new ChatState { UserIds = ["a/b", "c"], CreatedAt = DateTimeOffset.UtcNow.AddDays(-1) };
        await WriteLegacyAsync(table, $"chat/\u0001acme\u0001{tenantChat}", "chat", chatState);
        await WriteLegacyAsync(table, $"memberset/\u0001acme\u0001a/b\u001fc", "memberSet", new MemberSetState { ChatId = tenantChat });
        await WriteLegacyAsync(table, $"chat/{takenChat}", "chat", new ChatState { UserIds = ["old"], CreatedAt = DateTimeOffset.UnixEpoch });
        await Storage.WriteStateAsync("chat", GrainId.Create("chat", takenChat), new GrainState<ChatState>(new ChatState { UserIds = ["newer"] }));
        var list = new LegacyUserChatsState();
        list.Chats[$"\u0001acme\u0001{tenantChat}"] = new LegacyUserChatEntry { CreatedAt = chatState.CreatedAt, LastMessageAt = chatState.CreatedAt.AddHours(1) };
        await WriteLegacyAsync(table, $"userchats/\u0001acme\u0001{user}", "userChats", list);

        await NewMigration(table.Name).RunAsync(CancellationToken.None);

        var movedChat = await ReadAsync<ChatState>("chat", GrainId.Create("chat", TenantKeys.Scope("acme", tenantChat)));
        var movedSet = await ReadAsync<MemberSetState>("memberSet", GrainId.Create("memberset", MemberSet.From(["c", "a/b"]).GrainKeyIn("acme")));
        var kept = await ReadAsync<ChatState>("chat", GrainId.Create("chat", takenChat));
        var rows = await Silo.GetRequiredService<IUserChatListStore>().LoadAsync(TenantKeys.Scope("acme", user));
        Assert.Equal(chatState.UserIds, movedChat.UserIds);
        Assert.Equal(chatState.CreatedAt, movedChat.CreatedAt);
        Assert.Equal(tenantChat, movedSet.ChatId);
        Assert.Equal(["newer"], kept.UserIds);
        Assert.Equal([new UserChatRow(TenantKeys.Scope("acme", tenantChat), chatState.CreatedAt, chatState.CreatedAt.AddHours(1))], rows);
        Assert.Equal(["chats-migrations"], await PartitionKeysAsync(table));
    }

    [Fact]
    public async Task ASecondRunFindsTheMarkerAndMovesNothing()
    {
        var table = await NewLegacyTableAsync();
        await NewMigration(table.Name).RunAsync(CancellationToken.None);
        var chat = Guid.NewGuid().ToString();
        await WriteLegacyAsync(table, $"chat/{chat}", "chat", new ChatState { UserIds = ["late"] });

        await NewMigration(table.Name).RunAsync(CancellationToken.None);

        Assert.False((await ReadStateAsync<ChatState>("chat", GrainId.Create("chat", chat))).RecordExists);
        Assert.Contains(StorageKeys.Encode($"{ServiceId}_chat/{chat}"), await PartitionKeysAsync(table));
    }

    private string ServiceId => Silo.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;

    private async Task<Azure.Data.Tables.TableClient> NewLegacyTableAsync()
    {
        var table = Silo.GetRequiredService<ChatsTableClients>().Service.GetTableClient($"Legacy{Guid.NewGuid():N}");
        await table.CreateAsync();
        return table;
    }

    private LegacyGrainStateMigration NewMigration(string tableName) =>
        ActivatorUtilities.CreateInstance<LegacyGrainStateMigration>(Silo, Options.Create(new ChatsStorageOptions { GrainStateTableName = tableName }));

    // The layout of the old provider: encoded "{ServiceId}_{GrainId}" and state name, readable ids, JSON split over Data, Data1, ...
    private async Task WriteLegacyAsync<T>(Azure.Data.Tables.TableClient table, string grainId, string stateName, T state)
    {
        var json = ActivatorUtilities.CreateInstance<JsonGrainStorageSerializer>(Silo).Serialize(state).ToArray();
        var row = new Azure.Data.Tables.TableEntity(StorageKeys.Encode($"{ServiceId}_{grainId}"), StorageKeys.Encode(stateName))
        {
            ["GrainId"] = grainId,
            ["StateName"] = stateName,
            ["Data"] = json,
        };
        await table.AddEntityAsync(row);
    }

    private async Task<T> ReadAsync<T>(string stateName, GrainId grainId)
    {
        var state = await ReadStateAsync<T>(stateName, grainId);
        Assert.True(state.RecordExists, $"{stateName} of {grainId}");
        return state.State!;
    }

    private async Task<GrainState<T>> ReadStateAsync<T>(string stateName, GrainId grainId)
    {
        var state = new GrainState<T>();
        await Storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    private static async Task<List<string>> PartitionKeysAsync(Azure.Data.Tables.TableClient table)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            keys.Add(row.PartitionKey);
        }

        return keys;
    }
}
