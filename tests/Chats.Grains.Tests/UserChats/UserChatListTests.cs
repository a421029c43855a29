using Chats.UserChats;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Chats.Tests.UserChats;

/// <summary>Users' chat lists as stored: one row per chat in Azurite, written behind.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserChatListTests(ClusterFixture fixture)
{
    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    private IUserChatListStore Store => Silo.GetRequiredService<IUserChatListStore>();

    [Fact]
    public async Task AListHoldsMoreChatsThanOneGrainStateCould()
    {
        // 10,000 rows of ~100 bytes: more than the 960 KiB one grain state may hold.
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
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var stored = await WaitForAsync<UserChatRow>(async () =>
        {
            var row = Assert.Single(await Store.LoadAsync(author));
            return row.LastMessageAt == posted.Message!.SentAt ? row : null;
        });

        Assert.Equal(chat.Id, stored.ChatKey);
        Assert.Equal(chat.CreatedAt, stored.CreatedAt);
        Assert.Equal(chat.UserIds, stored.UserIds);
        Assert.Equal((posted.Message!.Id, 0), (stored.Entry!.LastMessage!.Id, stored.Entry.UnreadCount));

        // Listed again after every grain went away: the rows answer, the chat is not activated for it.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var listed = await fixture.Client.GetGrain<IUserChatsGrain>(author).ListAsync(new UserChatsQuery(null, 10, author));
        var active = await fixture.Client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("chat"), TestContext.Current.CancellationToken);
        Assert.Equal(chat.Id, Assert.Single(listed).Chat.Id);
        Assert.DoesNotContain(active, grain => grain.Key.ToString() == chat.Id);
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
