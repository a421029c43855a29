using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chats.Benchmarks;

/// <summary>
/// (W8) webhooks under write load: W4h's CreateMessage over wrk, on silo and gateway processes, with
/// no endpoint (W8n), then with one endpoint on loopback that answers 204 at once (W8w), then with
/// none again (W8n2, the endpoint deleted), then with one again (W8w2), back to back. W8 is W8w's
/// messages delivered within a second of its end, per second of it, against W8w's write rate (target
/// 1.0: delivery keeps up), with the lag from each event to its delivery (target p99 ≤ 1 s); W8w and
/// W8w2 against W8n and W8n2 is what delivery costs the write path (target 0.9).
/// </summary>
internal sealed class WebhookWorkload(BenchmarkSizes sizes, AzuriteProcess azurite)
{
    public async Task<IReadOnlyList<Measurement>> RunAsync()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var service = await LocalService.StartAsync(azurite, "webhooks", new Dictionary<string, string>());
        var chats = new List<Chat>();
        for (var i = 0; i < sizes.HttpChats; i++)
        {
            using var reply = await service.Http.PostAsJsonAsync("/v1/chats/CreateChat", new { user_ids = new[] { $"w8-a-{i}", $"w8-b-{i}" } });
            var chat = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chat");
            chats.Add(new Chat(chat.GetProperty("id").GetString()!, [$"w8-a-{i}", $"w8-b-{i}"], default));
        }

        var url = service.Http.BaseAddress!.ToString().TrimEnd('/');
        var script = new Dictionary<string, string> { ["CHATS_FILE"] = Workloads.WriteChatsFile(chats) };
        async Task<Measurement> WritesAsync(string name, string description)
        {
            // CHATS_BENCH_TRACE=1: a CPU sampling trace of the silo in each window (bench/profile/W8*-silo).
            var trace = Environment.GetEnvironmentVariable("CHATS_BENCH_TRACE") == "1"
                ? TraceCollector.CollectAsync(service.Silo.Id, $"{name}-silo", sizes.Duration - TimeSpan.FromSeconds(2))
                : null;
            var cpu = CpuProfile.Start(new() { ["gateway"] = service.Gateway.Id, ["silo"] = service.Silo.Id, ["azurite"] = azurite.ProcessId, ["bench"] = Environment.ProcessId });
            var measured = Workloads.WithCpuPerRequest(
                await Wrk.RunAsync(name, description, url, "create_message.lua", sizes.Duration, sizes.Concurrency, script), cpu, "gateway", "silo");
            return trace is null ? measured : measured with { Profile = $"{measured.Profile}; trace {await trace}" };
        }

        // Two warm-ups: the rate still climbs after one (JIT tiers, GC heap sizing, Azurite's own warm-up).
        await Wrk.WarmUpAsync(url, "create_message.lua", sizes.WarmUp, sizes.Concurrency, script);
        await Wrk.WarmUpAsync(url, "create_message.lua", sizes.WarmUp, sizes.Concurrency, script);
        var without = await WritesAsync("W8n", $"CreateMessage over HTTP, {chats.Count} chats, no webhook endpoint (wrk)");
        var webhookId = await CreateWebhookAsync(service, receiver);
        await receiver.WaitForQuietAsync();
        var start = DateTimeOffset.UtcNow;
        var with = await WritesAsync("W8w", "W8n with one webhook endpoint on loopback answering at once");
        var end = DateTimeOffset.UtcNow;

        // Every event of the window delivered, however long it takes (bounded): lags of all; kept up = delivered within 1 s of the window's end.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (receiver.EventsBetween(start, end).Count < with.Operations && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var events = receiver.EventsBetween(start, end);
        using (var deleted = await service.Http.PostAsJsonAsync("/v1/chats/DeleteWebhook", new { webhook_id = webhookId }))
        {
            deleted.EnsureSuccessStatusCode();
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var again = await WritesAsync("W8n2", "W8n again after W8w, the endpoint deleted");
        await CreateWebhookAsync(service, receiver);
        await receiver.WaitForQuietAsync();
        var withAgain = await WritesAsync("W8w2", "W8w again after W8n2");

        var lags = events.Select(delivery => (delivery.Arrival - delivery.At).TotalMilliseconds).Order().ToList();
        var keptUp = events.Count(delivery => delivery.Arrival <= end + TimeSpan.FromSeconds(1));
        var window = (end - start).TotalSeconds;
        var w8 = new Measurement("W8", $"webhook deliveries of W8w's messages within 1 s of its end, per second of it ({with.Operations} acknowledged, {events.Count} delivered, {receiver.Repeats} repeats); latency is event to delivery",
            keptUp / window, Percentile(lags, 0.5), Percentile(lags, 0.99), events.Count)
        {
            Ceiling = "W8w",
            Ratio = keptUp / window / with.PerSecond,
            Target = 1.0,
            Failures = Math.Max(0, with.Operations - events.Count),
        };
        var ratio = (with.PerSecond + withAgain.PerSecond) / (without.PerSecond + again.PerSecond);
        return [without, with, again, withAgain with { Ceiling = "W8n, W8n2", Ratio = ratio, Target = 0.9, Description = $"{withAgain.Description}; ratio: W8w and W8w2 against W8n and W8n2" }, w8];
    }

    private static async Task<string> CreateWebhookAsync(LocalService service, Receiver receiver)
    {
        using var created = await service.Http.PostAsJsonAsync("/v1/chats/CreateWebhook", new { url = receiver.Url, event_types = new[] { "message.new" } });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhook").GetProperty("id").GetString()!;
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))];

    // An endpoint that answers 204 at once, and keeps each first delivery's arrival and event time.
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, (DateTimeOffset Arrival, DateTimeOffset At)> _deliveries = new(StringComparer.Ordinal);
        private int _repeats;

        private Receiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Repeats => _repeats;

        public static async Task<Receiver> StartAsync()
        {
            var port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app) { Url = $"http://127.0.0.1:{port}/hooks" };
            app.MapPost("/hooks", receiver.ReceiveAsync);
            await app.StartAsync();
            return receiver;
        }

        public List<(DateTimeOffset Arrival, DateTimeOffset At)> EventsBetween(DateTimeOffset start, DateTimeOffset end) =>
            [.. _deliveries.Values.Where(delivery => delivery.At >= start && delivery.At <= end)];

        // Until the warm-up's deliveries are in: two quiet half-seconds in a row.
        public async Task WaitForQuietAsync()
        {
            var quiet = 0;
            var count = _deliveries.Count;
            while (quiet < 2)
            {
                await Task.Delay(500);
                quiet = _deliveries.Count == count ? quiet + 1 : 0;
                count = _deliveries.Count;
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private async Task<IResult> ReceiveAsync(HttpRequest request)
        {
            var arrival = DateTimeOffset.UtcNow;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var at = body.RootElement.GetProperty("timestamp").GetDateTimeOffset();
            if (!_deliveries.TryAdd(request.Headers["webhook-id"].ToString(), (arrival, at)))
            {
                Interlocked.Increment(ref _repeats);
            }

            return Results.NoContent();
        }
    }
}
