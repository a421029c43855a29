using Chats.UserChats;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Chats.Tests.Grains;

/// <summary>Users' chat lists as stored: one row per chat in Azurite, written behind, moved from the old single-state form.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserChatListTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    private IUserChatListStore Store => Silo.GetRequiredService<IUserChatListStore>();

    [Fact]
    public async Task AListHoldsMoreChatsThanOneGrainStateCould()
    {
        // 10,000 rows of ~100 bytes: more than the 704 KiB one grain state may hold.
        var userKey = TestData.UserId("collector");
        var start = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, 10_000)
            .Select(i => new UserChatRow($"{Guid.NewGuid()}", start.AddTicks(i * 10), i % 3 == 0 ? null : start.AddSeconds(i)))
            .ToList();

        await Store.SaveAsync(userKey, rows);
        var loaded = await Store.LoadAsync(userKey);

        Assert.Equal(rows.OrderBy(row => row.ChatKey, StringComparer.Ordinal), loaded.OrderBy(row => row.ChatKey, StringComparer.Ordinal));
    }

    [Fact]
    public async Task NewerMessageTimesReachStorageWhenTheListDeactivates()
    {
        var chat = await TestData.NewChatAsync(fixture.Client);
        var author = chat.UserIds[0];
        var posted = await fixture.Client.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, author, "hello"));

        // Written behind every 30 s by default; deactivating writes at once.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = await WaitForAsync<UserChatRow>(async () =>
        {
            var row = Assert.Single(await Store.LoadAsync(author));
            return row.LastMessageAt == posted.Message!.SentAt ? row : null;
        });

        Assert.Equal(chat.Id, stored.ChatKey);
        Assert.Equal(chat.CreatedAt, stored.CreatedAt);
    }

    [Fact]
    public async Task AListWrittenAsOneGrainStateIsMovedToRowsOnce()
    {
        var chat = await TestData.NewChatAsync(fixture.Client);
        var user = TestData.UserId("old-list-owner");
        var lastMessageAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var legacy = new GrainState<UserChatsState>(new UserChatsState());
        legacy.State!.Chats[chat.Id] = new UserChatEntry { CreatedAt = chat.CreatedAt, LastMessageAt = lastMessageAt };
        var storage = Silo.GetRequiredKeyedService<IGrainStorage>(ChatsConstants.StorageName);
        var grainId = fixture.Client.GetGrain<IUserChatsGrain>(user).GetGrainId();
        await storage.WriteStateAsync("userChats", grainId, legacy);

        var listed = await fixture.Client.GetGrain<IUserChatsGrain>(user).ListAsync(new UserChatsQuery(null, 10));

        var only = Assert.Single(listed);
        Assert.Equal(chat.Id, only.Chat.Id);
        Assert.Equal(chat.UserIds, only.Chat.UserIds);
        Assert.Equal(lastMessageAt, only.LastMessageAt);
        Assert.Equal([new UserChatRow(chat.Id, chat.CreatedAt, lastMessageAt)], await Store.LoadAsync(user));
        var left = new GrainState<UserChatsState>();
        await storage.ReadStateAsync("userChats", grainId, left);
        Assert.False(left.RecordExists);
        Assert.Empty(left.State?.Chats ?? []);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
