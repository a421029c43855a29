using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chats.Benchmarks;

/// <summary>
/// (U1) attachments: 20 members at once, each in a chat of its own, doing what a client does for a
/// file: CreateUpload, a PUT of 1 MB straight to the blob service through the upload URL, then
/// CreateMessage attaching it; on silo and gateway processes and Azurite with its blob service.
/// Uploads per second and each upload's latency (all three steps); the gateway's CPU per upload shows
/// the bytes do not pass through it: U1r, right after, has the same members send two plain messages
/// each instead (as many gateway requests as an upload's two), and U1's gateway CPU is compared to it.
/// </summary>
internal sealed class UploadWorkload(BenchmarkSizes sizes, AzuriteProcess azurite)
{
    private const int Uploaders = 20;
    private const int FileSize = 1024 * 1024;

    public async Task<IReadOnlyList<Measurement>> RunAsync()
    {
        await using var service = await LocalService.StartAsync(azurite, "uploads", new Dictionary<string, string>());
        using var storage = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue });
        var chats = new (string ChatId, string User)[Uploaders];
        for (var i = 0; i < Uploaders; i++)
        {
            using var reply = await service.Http.PostAsJsonAsync("/v1/chats/CreateChat", new { user_ids = new[] { $"u1-a-{i}", $"u1-b-{i}" } });
            chats[i] = ((await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chat").GetProperty("id").GetString()!, $"u1-a-{i}");
        }

        var file = new byte[FileSize];
        Random.Shared.NextBytes(file);
        var perUploader = Math.Max(2, sizes.ConnectMessages);
        // Warm-up of both steps (JIT tiers, connection pools), so that the idle gateway below is idle.
        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(chats.Select(chat => UploadAsync(service.Http, storage, chat, file)));
            await Task.WhenAll(chats.Select(chat => TwoMessagesAsync(service.Http, chat)));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));

        // The gateway's CPU with nothing to do (timers, the cluster client), which a slow step's share inflates.
        var idle = CpuProfile.Start(new() { ["gateway"] = service.Gateway.Id });
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idleCores = idle.StopWithSeconds().CpuSeconds["gateway"] / 5;
        var u1 = await MeasureAsync(service, "U1", $"{Uploaders} members at once: CreateUpload, PUT 1 MB to the upload URL, CreateMessage attaching it", perUploader,
            chat => UploadAsync(service.Http, storage, chat, file), chats);
        var u1r = await MeasureAsync(service, "U1r", $"the same {Uploaders} members sending two plain messages each time instead (no file)", perUploader,
            chat => TwoMessagesAsync(service.Http, chat), chats);
        var (u1Net, u1rNet) = (NetOfIdle(u1, idleCores), NetOfIdle(u1r, idleCores));
        return
        [
            u1 with
            {
                Description = FormattableString.Invariant($"{u1.Description}; gateway CPU net of its idle {idleCores:F2} cores: {u1Net:F0} µs an upload, {u1rNet:F0} µs for U1r's two messages"),
                Ceiling = "U1r gateway CPU (net of idle)", Ratio = u1Net / Math.Max(1, u1rNet), LowerIsBetter = true,
            },
            u1r,
        ];
    }

    private static double NetOfIdle(Measurement measured, double idleCores)
    {
        var seconds = measured.Operations / measured.PerSecond;
        return Math.Max(0, measured.GatewayCpuMicrosecondsPerRequest!.Value - idleCores * seconds * 1e6 / measured.Operations);
    }

    // Each member repeats the step; the latency is the whole step's, the CPU per step.
    private static async Task<Measurement> MeasureAsync(LocalService service, string name, string description, int repeats,
        Func<(string ChatId, string User), Task<bool>> step, (string ChatId, string User)[] chats)
    {
        // CHATS_BENCH_TRACE=1: a CPU sampling trace of the gateway in each window (bench/profile/U1*-gateway).
        var trace = Environment.GetEnvironmentVariable("CHATS_BENCH_TRACE") == "1"
            ? TraceCollector.CollectAsync(service.Gateway.Id, $"{name}-gateway", TimeSpan.FromSeconds(5))
            : null;
        var cpu = CpuProfile.Start(new() { ["gateway"] = service.Gateway.Id, ["silo"] = service.Silo.Id, ["bench"] = Environment.ProcessId });
        var latencies = new List<double>[chats.Length];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(chats.Select(async (chat, index) =>
        {
            latencies[index] = [];
            for (var n = 0; n < repeats; n++)
            {
                var started = Stopwatch.GetTimestamp();
                if (await step(chat))
                {
                    latencies[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(list => list).Order().ToList();
        var measured = Workloads.WithCpuPerRequest(
            new Measurement(name, $"{description} ({all.Count} times)", all.Count / elapsed, Percentile(all, 0.5), Percentile(all, 0.99), all.Count) { Failures = failures },
            cpu, "gateway", "silo");
        return trace is null ? measured : measured with { Profile = $"{measured.Profile}; trace {await trace}" };
    }

    private static async Task<bool> TwoMessagesAsync(HttpClient gateway, (string ChatId, string User) chat)
    {
        for (var i = 0; i < 2; i++)
        {
            using var posted = await gateway.PostAsJsonAsync("/v1/chats/CreateMessage", new { chat_id = chat.ChatId, author_id = chat.User, text = "no file" });
            if (!posted.IsSuccessStatusCode)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<bool> UploadAsync(HttpClient gateway, HttpClient storage, (string ChatId, string User) chat, byte[] file)
    {
        using var created = await gateway.PostAsJsonAsync("/v1/chats/CreateUpload", new { chat_id = chat.ChatId, user_id = chat.User, file_name = "photo.bin", content_type = "application/zip", size = file.Length });
        if (!created.IsSuccessStatusCode)
        {
            return false;
        }

        var upload = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upload");
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.GetProperty("url").GetString()) { Content = new ByteArrayContent(file) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        put.Content.Headers.ContentType = new("application/zip");
        using (var stored = await storage.SendAsync(put))
        {
            if (stored.StatusCode != HttpStatusCode.Created)
            {
                return false;
            }
        }

        using var posted = await gateway.PostAsJsonAsync("/v1/chats/CreateMessage",
            new { chat_id = chat.ChatId, author_id = chat.User, text = "a file", attachments = new[] { upload.GetProperty("id").GetString() } });
        return posted.IsSuccessStatusCode;
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
