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
/// the bytes do not pass through it (compare a request of W4h).
/// </summary>
internal sealed class UploadWorkload(BenchmarkSizes sizes, AzuriteProcess azurite)
{
    private const int Uploaders = 20;
    private const int FileSize = 1024 * 1024;

    public async Task<Measurement> RunAsync()
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
        await Task.WhenAll(chats.Select(chat => UploadAsync(service.Http, storage, chat, file)));

        var cpu = CpuProfile.Start(new() { ["gateway"] = service.Gateway.Id, ["silo"] = service.Silo.Id, ["bench"] = Environment.ProcessId });
        var latencies = new List<double>[Uploaders];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(chats.Select(async (chat, index) =>
        {
            latencies[index] = [];
            for (var n = 0; n < perUploader; n++)
            {
                var started = Stopwatch.GetTimestamp();
                if (await UploadAsync(service.Http, storage, chat, file))
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
        var measured = new Measurement("U1", $"{Uploaders} members at once: CreateUpload, PUT 1 MB to the upload URL, CreateMessage attaching it ({all.Count} uploads)",
            all.Count / elapsed, Percentile(all, 0.5), Percentile(all, 0.99), all.Count) { Failures = failures };
        return Workloads.WithCpuPerRequest(measured, cpu, "gateway", "silo");
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
