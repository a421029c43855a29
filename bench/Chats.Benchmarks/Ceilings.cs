using System.Globalization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Chats.Benchmarks;

/// <summary>What this machine can do without Chats in the way: the denominators of every ratio.</summary>
internal sealed class Ceilings(BenchmarkSizes sizes, TestCluster cluster, AzuriteProcess azurite)
{
    private static string Text => ChatText.Next();

    /// <summary>(K) a trivial Kestrel POST endpoint under wrk.</summary>
    public async Task<Measurement> KestrelAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

        // Like the gateway's own settings: request logging at Information would measure the console.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        app.MapPost("/noop", () => Results.Text("{}", "application/json"));
        await app.StartAsync();
        var result = await Wrk.RunAsync("K", "trivial Kestrel POST (wrk)", $"http://127.0.0.1:{port}/noop", "post_noop.lua", sizes.Duration, sizes.Concurrency);
        await app.StopAsync();
        return result;
    }

    /// <summary>(G) a no-op grain call through the test cluster's client.</summary>
    public Task<Measurement> GrainCallAsync() =>
        ClosedLoopLoad.RunAsync("G", "no-op grain call (TestCluster)", sizes.Concurrency, sizes.Duration, sizes.MaxOperations,
            (_, number) => cluster.Client.GetGrain<INoopGrain>(number % 1024).PingAsync());

    /// <summary>(S1) single-entity inserts into Azurite, 64 in flight.</summary>
    public async Task<Measurement> SingleInsertsAsync()
    {
        var table = await CreateTableAsync("BenchSingle");
        return await ClosedLoopLoad.RunAsync("S1", "raw single-entity inserts, 64 in flight", sizes.Concurrency, sizes.Duration, sizes.MaxOperations,
            (worker, number) => table.AddEntityAsync(Entity($"p{worker}", number)));
    }

    /// <summary>(S2) what one lone CreateMessage costs in storage: a 2-entity transaction (log header + message), 64 in flight.</summary>
    public async Task<Measurement> HeaderAndMessageTransactionsAsync()
    {
        var table = await CreateTableAsync("BenchPairs");
        return await ClosedLoopLoad.RunAsync("S2", "raw 2-entity transactions (header + message), 64 in flight", sizes.Concurrency, sizes.Duration, sizes.MaxOperations,
            (worker, number) => table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity($"p{number}", 0)),
                new TableTransactionAction(TableTransactionActionType.Add, Entity($"p{number}", number)),
            ]));
    }

    /// <summary>(SB) 100-entity transactions into one partition, back to back; measured in entities.</summary>
    public async Task<Measurement> BatchInsertsAsync()
    {
        var table = await CreateTableAsync("BenchBatch");
        var batches = await ClosedLoopLoad.RunAsync("SB", "raw 100-entity transactions, one partition, back to back", 1, sizes.Duration, sizes.MaxOperations / 100,
            (_, number) => table.SubmitTransactionAsync(Enumerable.Range(0, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity("batch", number * 100 + i)))));
        return batches with { PerSecond = batches.PerSecond * 100, Operations = batches.Operations * 100 };
    }

    private async Task<TableClient> CreateTableAsync(string name)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static TableEntity Entity(string partition, long number) =>
        new(partition, number.ToString("D19", CultureInfo.InvariantCulture)) { ["Text"] = Text, ["AuthorId"] = "bench-author" };
}
