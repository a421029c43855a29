using Chats.Diagnostics;
using Azure.Data.Tables;
using Chats.Hosting;
using Orleans.TestingHost;

namespace Chats.Benchmarks;

/// <summary>
/// What history costs the store, measured on the memory step's filled store: entities stored per 100
/// messages (ENT), entities read for a page of old history (PAGE), and cold reads there (W5m).
/// </summary>
internal sealed class StorageWorkloads(BenchmarkSizes sizes, TestCluster cluster, AzuriteProcess azurite)
{
    private const int PageChats = 20;
    private static string Text => ChatText.Next();

    private IGrainFactory Grains => cluster.Client;

    /// <summary>(ENT) entities in the message table per 100 messages it holds (headers, blocks and rows).</summary>
    public async Task<Measurement> EntitiesPerHundredMessagesAsync(long messages)
    {
        var table = new TableClient(azurite.ConnectionString, new ChatsStorageOptions().MessagesTableName);
        long entities = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"], maxPerPage: 1000))
        {
            entities++;
        }

        var perHundred = 100.0 * entities / Math.Max(1, messages);
        return new Measurement("ENT", $"entities in the message table per 100 messages ({entities} for {messages})", perHundred, 0, 0, entities)
        {
            Ceiling = "5 entities", Ratio = perHundred / 5, Target = 1, LowerIsBetter = true,
        };
    }

    /// <summary>
    /// (PAGE) entities the silo reads for ListMessages of 25 messages older than a chat's in-memory tail,
    /// averaged over <see cref="PageChats"/> chats given 100 more messages first, so each holds more than its tail.
    /// </summary>
    public async Task<Measurement> EntitiesPerOldPageAsync(IReadOnlyList<Chat> filled)
    {
        var chats = filled.Take(PageChats).ToArray();
        await Task.WhenAll(chats.Select(async chat =>
        {
            var grain = Grains.GetChat(chat.Id);
            for (var i = 0; i < 100; i++)
            {
                await grain.PostMessageAsync(new NewMessage(null, chat.UserIds[0], Text));
            }
        }));
        long read = 0, pages = 0;
        foreach (var chat in chats)
        {
            var grain = Grains.GetChat(chat.Id);
            var tail = await grain.ListMessagesAsync(new MessagePageQuery(null, 100));
            using var counter = new LogEntityCounter();
            var page = await grain.ListMessagesAsync(new MessagePageQuery(tail.Messages[^1].SentAt, ChatLimits.DefaultPageSize));
            read += counter.Read;
            pages += page.Messages.Count == ChatLimits.DefaultPageSize ? 1 : 0;
        }

        var perPage = (double)read / chats.Length;
        return new Measurement("PAGE", $"entities read for a page of {ChatLimits.DefaultPageSize} messages older than the in-memory tail ({chats.Length} chats, {pages} full pages)", perPage, 0, 0, chats.Length)
        {
            Ceiling = "5 entities", Ratio = perPage / 5, Target = 1, LowerIsBetter = true,
        };
    }

    /// <summary>(W5m) W5 on the filled store: ListMessages on deactivated chats, one at a time.</summary>
    public async Task<Measurement> ColdReadsAsync(IReadOnlyList<Chat> filled)
    {
        var cold = filled.Skip(PageChats).Take(sizes.ColdChats).ToArray();
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return await ClosedLoopLoad.RunAsync("W5m", $"ListMessages on {cold.Length} deactivated chats of the filled store, one at a time", 1, TimeSpan.FromMinutes(5), cold.Length,
            (_, number) => Grains.GetChat(cold[number - 1].Id).ListMessagesAsync(new MessagePageQuery(null, ChatLimits.DefaultPageSize)));
    }
}
