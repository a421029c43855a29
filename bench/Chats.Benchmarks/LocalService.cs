using System.Globalization;
using System.Net.Http.Json;

namespace Chats.Benchmarks;

/// <summary>A silo and a gateway process on one Azurite, as run.sh starts them, with an HTTP client for the gateway.</summary>
internal sealed record class LocalService(ServiceProcess Silo, ServiceProcess Gateway, HttpClient Http) : IAsyncDisposable
{
    public static async Task<LocalService> StartAsync(AzuriteProcess azurite, string serviceId, IReadOnlyDictionary<string, string> settings)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var cluster = new Dictionary<string, string>
        {
            ["Chats__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__ServiceId"] = $"bench-{serviceId}",
            ["Chats__Storage__ConnectionString"] = azurite.ConnectionString,
        };
        foreach (var (key, value) in settings)
        {
            cluster[key] = value;
        }

        var silo = await ServiceProcess.StartAsync("Chats.Silo", gatewayPort, cluster);
        var gateway = await ServiceProcess.StartAsync("Chats.Gateway", httpPort, new Dictionary<string, string>(cluster) { ["Urls"] = $"http://127.0.0.1:{httpPort}" });
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        return new LocalService(silo, gateway, new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromMinutes(5) });
    }

    /// <summary>A chat of <paramref name="users"/> made as an app's backend would: CreateChat, then AddMembers 100 at a time.</summary>
    public async Task<string> CreateGroupAsync(string[] users)
    {
        var step = ChatLimits.MaxUsersPerMemberChange;
        using var created = await Http.PostAsJsonAsync("/v1/chats/CreateChat", new { user_ids = users[..Math.Min(step, users.Length)], distinct = false, name = "bench" });
        created.EnsureSuccessStatusCode();
        var chatId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("chat").GetProperty("id").GetString()!;
        for (var start = step; start < users.Length; start += step)
        {
            using var added = await Http.PostAsJsonAsync("/v1/chats/AddMembers", new { chat_id = chatId, user_ids = users[start..Math.Min(start + step, users.Length)] });
            added.EnsureSuccessStatusCode();
        }

        return chatId;
    }

    /// <summary>CreateMessage over HTTP; a refusal (a 503 from a slow store among them) throws with its status.</summary>
    public async Task PostMessageAsync(string chatId, string authorId, string text)
    {
        using var reply = await Http.PostAsJsonAsync("/v1/chats/CreateMessage", new { chat_id = chatId, author_id = authorId, text });
        reply.EnsureSuccessStatusCode();
    }

    // The gateway's GC heap after its last collection (all generations), from its /metrics.
    public async Task<long> GcHeapBytesAsync()
    {
        var metrics = await Http.GetStringAsync("/metrics");
        return (long)metrics.Split('\n')
            .Where(line => line.StartsWith("dotnet_gc_last_collection_heap_size", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
