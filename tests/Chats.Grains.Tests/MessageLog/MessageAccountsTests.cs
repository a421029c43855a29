using Chats.Hosting;

namespace Chats.Tests.MessageLog;

/// <summary>
/// Storage accounts as the unit of scale, with two real Azurites: chats made before a second account
/// was configured stay in the first and read back whole; chats made after it spread over both, each
/// log in one account only, and read back cold.
/// </summary>
public sealed class MessageAccountsTests
{
    [Fact]
    public async Task AddingAnAccountSendsNewChatsToItAndMovesNothing()
    {
        await using var first = await AzuriteProcess.StartNewAsync();
        await using var second = await AzuriteProcess.StartNewAsync();

        var serviceId = $"accounts{Guid.NewGuid():N}"[..20];
        var before = await WithClusterAsync(first, null, serviceId, grains => CreateChatsAsync(grains, "before", 10));
        var (after, listedBefore, listedAfter) = await WithClusterAsync(first, second, serviceId, async grains =>
        {
            var made = await CreateChatsAsync(grains, "after", 30);
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            return (made, await ListAllAsync(grains, before), await ListAllAsync(grains, made));
        });

        // Removing an account that holds chats is refused clearly for those chats, and for them only.
        var firstHolds = await PartitionsAsync(first);
        var inSecondOnly = after.First(chat => !firstHolds.Contains(chat.Id));
        var (refused, stillListed) = await WithClusterAsync(first, null, serviceId, async grains => (
            await Record.ExceptionAsync(() => grains.GetChat(inSecondOnly.Id).ListMessagesAsync(new MessagePageQuery(null, 10))),
            await ListAllAsync(grains, before)));

        var inFirst = await PartitionsAsync(first);
        var inSecond = await PartitionsAsync(second);
        Assert.Equal(before.Select(chat => chat.Messages), listedBefore);
        Assert.Equal(after.Select(chat => chat.Messages), listedAfter);
        Assert.Subset(inFirst, before.Select(chat => chat.Id).ToHashSet());
        Assert.Empty(inFirst.Intersect(inSecond));
        Assert.Equal(after.Select(chat => chat.Id).Order(), inFirst.Union(inSecond).Intersect(after.Select(chat => chat.Id)).Order());
        Assert.InRange(inSecond.Count, 4, 26);
        Assert.Contains("storage account 'second'", Assert.IsType<ChatStorageUnavailableException>(refused).Message);
        Assert.Equal(listedBefore, stillListed);
    }

    // The same service id both times: it is part of every grain-state key.
    private static async Task<T> WithClusterAsync<T>(AzuriteProcess first, AzuriteProcess? second, string serviceId, Func<IGrainFactory, Task<T>> use)
    {
        var settings = new TestClusterSettings { Silos = 1, ServiceId = serviceId };
        if (second is not null)
        {
            settings.MessageAccounts["second"] = second;
        }

        var cluster = await TestClusters.StartAsync(first, settings);
        try
        {
            return await use(cluster.Client);
        }
        finally
        {
            await TestClusters.StopAsync(cluster);
        }
    }

    private static async Task<List<(string Id, List<string> Messages)>> CreateChatsAsync(IGrainFactory grains, string label, int count)
    {
        var chats = new List<(string Id, List<string> Messages)>();
        for (var i = 0; i < count; i++)
        {
            var chat = await TestData.NewChatAsync(grains);
            var grain = grains.GetChat(chat.Id);
            var texts = Enumerable.Range(0, 5).Select(n => $"{label} {i} message {n}").ToList();
            foreach (var text in texts)
            {
                await grain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], text));
            }

            chats.Add((chat.Id, texts));
        }

        return chats;
    }

    private static async Task<List<List<string>>> ListAllAsync(IGrainFactory grains, List<(string Id, List<string> Messages)> chats)
    {
        var listed = new List<List<string>>();
        foreach (var (id, _) in chats)
        {
            var page = await grains.GetChat(id).ListMessagesAsync(new MessagePageQuery(null, 100));
            listed.Add([.. page.Messages.Select(message => message.Text).Reverse()]);
        }

        return listed;
    }

    // The chats whose log has a header in this account's message table.
    private static async Task<HashSet<string>> PartitionsAsync(AzuriteProcess account)
    {
        var table = new Azure.Data.Tables.TableClient(account.ConnectionString, new ChatsStorageOptions().MessagesTableName);
        var chats = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(row => row.RowKey == "h", select: ["PartitionKey"], cancellationToken: TestContext.Current.CancellationToken))
        {
            chats.Add(row.PartitionKey);
        }

        return chats;
    }
}
