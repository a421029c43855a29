using System.Diagnostics;
using System.Globalization;

namespace Chats.Benchmarks;

/// <summary>
/// Connect, over real HTTP against a silo and a gateway process: C1, many idle connections (gateway
/// bytes per connection, connections opened per second); C2, one message in a large group with every
/// member connected (delivery latency, CPU per delivered frame); C3, C2 with presence on and some
/// connections watching the group (what presence costs).
/// </summary>
internal sealed class ConnectWorkloads(BenchmarkSizes sizes, AzuriteProcess azurite)
{
    /// <summary>(C1) idle connections: users in <see cref="BenchmarkSizes.ConnectChatsPerUser"/> groups each, several connections per user.</summary>
    public async Task<Measurement> IdleConnectionsAsync()
    {
        await using var service = await StartAsync("c1", presence: true);
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, sizes.ConnectUsers).Select(i => $"c1-{run}-{i}").ToArray();
        for (var group = 0; group < sizes.ConnectChatsPerUser; group++)
        {
            await service.CreateGroupAsync(users);
        }

        var connections = users.SelectMany(user => Enumerable.Repeat(user, sizes.ConnectionsPerUser)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = service.Gateway.WorkingSet;
        var heapBefore = await service.GcHeapBytesAsync();
        var opening = Stopwatch.StartNew();
        var open = new List<ConnectReader>(connections.Length);
        var latencies = new long[connections.Length];
        await ClosedLoopLoad.RunAsync("C1-open", "", 64, TimeSpan.FromHours(1), connections.Length, async (_, number) =>
        {
            var started = Stopwatch.GetTimestamp();
            var reader = await ConnectReader.OpenAsync(service.Http, connections[number - 1], watch: null);
            latencies[number - 1] = Stopwatch.GetTimestamp() - started;
            lock (open)
            {
                open.Add(reader);
            }
        });
        var perSecond = connections.Length / opening.Elapsed.TotalSeconds;
        var retries = ConnectReader.Retries;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var bytesPerConnection = (service.Gateway.WorkingSet - before) / (double)connections.Length;
        var heapPerConnection = (await service.GcHeapBytesAsync() - heapBefore) / (double)connections.Length;
        foreach (var reader in open)
        {
            reader.Dispose();
        }

        var sorted = latencies.Order().ToArray();
        return new Measurement("C1", FormattableString.Invariant(
                $"{connections.Length} idle connections ({users.Length} users in {sizes.ConnectChatsPerUser} groups each, {sizes.ConnectionsPerUser} connections a user): {bytesPerConnection / 1024:F1} KB of gateway memory each ({heapPerConnection / 1024:F1} KB of it in the GC heap after its last collection); opened per second (64 at a time, {retries} refused with 503 and retried)"),
            perSecond, ClosedLoopLoad.Percentile(sorted, 0.50), ClosedLoopLoad.Percentile(sorted, 0.99), connections.Length)
        {
            Ceiling = "10 KB of gateway memory per idle connection",
            Ratio = bytesPerConnection / 10240,
            Target = 1.0,
            LowerIsBetter = true,
        };
    }

    /// <summary>(C2) messages in a group of <see cref="BenchmarkSizes.GroupMembers"/> members, every member connected, presence off: each message's delivery to every connection.</summary>
    public Task<Measurement> GroupDeliveryAsync() => DeliverAsync("C2", presence: false, watchers: 0);

    /// <summary>(C3) C2 with presence on and a tenth of the connections watching the group.</summary>
    public Task<Measurement> GroupDeliveryWithPresenceAsync() => DeliverAsync("C3", presence: true, watchers: Math.Max(1, sizes.GroupMembers / 10));

    private async Task<Measurement> DeliverAsync(string name, bool presence, int watchers)
    {
        await using var service = await StartAsync(name.ToLowerInvariant(), presence);
        var run = Guid.NewGuid().ToString("N")[..8];
        var members = Enumerable.Range(0, sizes.GroupMembers).Select(i => $"{name}-{run}-{i}").ToArray();
        var chatId = await service.CreateGroupAsync(members);
        var readers = new ConnectReader[members.Length];
        await ClosedLoopLoad.RunAsync($"{name}-open", "", 64, TimeSpan.FromHours(1), members.Length, async (_, number) =>
            readers[number - 1] = await ConnectReader.OpenAsync(service.Http, members[number - 1], number <= watchers ? chatId : null));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var posted = new long[sizes.ConnectMessages];
        var cpu = CpuProfile.Start(new() { ["gateway"] = service.Gateway.Id, ["silo"] = service.Silo.Id, ["azurite"] = azurite.ProcessId, ["bench"] = Environment.ProcessId });
        var framesBefore = readers.Sum(reader => reader.Frames);
        for (var i = 0; i < posted.Length; i++)
        {
            posted[i] = Stopwatch.GetTimestamp();
            await service.PostMessageAsync(chatId, members[i % members.Length], $"{name}-{i}");
            await Task.Delay(300);
        }

        var deadline = Stopwatch.StartNew();
        while (readers.Any(reader => reader.Arrivals.Count < posted.Length) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        var frames = readers.Sum(reader => reader.Frames) - framesBefore;
        var (summary, seconds) = cpu.StopWithSeconds();
        var latencies = readers.SelectMany(reader => reader.Arrivals.Select(arrival => arrival.At - posted[arrival.Index])).Order().ToArray();
        // Each message's own slowest delivery: whether the p99 is every message's tail or a few slow messages.
        var slowest = readers.SelectMany(reader => reader.Arrivals).GroupBy(arrival => arrival.Index).OrderBy(group => group.Key)
            .Select(group => (group.Max(arrival => arrival.At) - posted[group.Key]) * 1000 / Stopwatch.Frequency);
        Console.WriteLine($"{name}: each message's last delivery, ms: {string.Join(' ', slowest)}");
        var missing = (long)posted.Length * readers.Length - latencies.Length;
        foreach (var reader in readers)
        {
            reader.Dispose();
        }

        var measured = new Measurement(name, FormattableString.Invariant(
                $"{posted.Length} messages in a group of {members.Length}, every member connected{(presence ? $", presence on, {watchers} watching the group" : ", presence off")}: deliveries/s, latency post → frame; {frames} frames in all{(missing > 0 ? $", {missing} deliveries MISSING" : "")}"),
            latencies.Length / Math.Max(0.001, posted.Length * 0.3), ClosedLoopLoad.Percentile(latencies, 0.50), ClosedLoopLoad.Percentile(latencies, 0.99), latencies.Length)
        {
            Profile = summary,
            GatewayCpuMicrosecondsPerRequest = seconds["gateway"] * 1e6 / Math.Max(1, frames),
            SiloCpuMicrosecondsPerRequest = seconds["silo"] * 1e6 / Math.Max(1, frames),
            Ceiling = "p99 budget 150 ms",
            Target = 1.0,
            LowerIsBetter = true,
        };
        return measured with { Ratio = measured.P99Milliseconds / 150 };
    }

    private Task<LocalService> StartAsync(string serviceId, bool presence) =>
        LocalService.StartAsync(azurite, serviceId, new Dictionary<string, string> { ["Chats__Presence__Enabled"] = presence ? "true" : "false" });
}

/// <summary>One Connect over Server-Sent Events, read in the background: frames counted, each message's arrival stamped.</summary>
internal sealed class ConnectReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private static int _retries;
    private int _frames;
    private int _messageFrames;

    private ConnectReader(HttpResponseMessage response) => _response = response;

    /// <summary>Opens refused with 503 and tried again, in this process so far.</summary>
    public static int Retries => Volatile.Read(ref _retries);

    public int Frames => Volatile.Read(ref _frames);

    /// <summary>The <c>message.new</c> events received.</summary>
    public int MessageFrames => Volatile.Read(ref _messageFrames);

    /// <summary>(message number, timestamp) of each message event received.</summary>
    public List<(int Index, long At)> Arrivals { get; } = [];

    public static async Task<ConnectReader> OpenAsync(HttpClient http, string userId, string? watch)
    {
        var query = watch is null ? $"user_id={Uri.EscapeDataString(userId)}" : $"user_id={Uri.EscapeDataString(userId)}&watch={Uri.EscapeDataString(watch)}";
        var response = await http.GetAsync($"/v1/chats/Connect?{query}", HttpCompletionOption.ResponseHeadersRead);
        // A 503 (the store too slow for a burst of first activations) is retried, as a client would.
        for (var retry = 0; response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && retry < 10; retry++)
        {
            Interlocked.Increment(ref _retries);
            response.Dispose();
            await Task.Delay(500 * (retry + 1));
            response = await http.GetAsync($"/v1/chats/Connect?{query}", HttpCompletionOption.ResponseHeadersRead);
        }

        response.EnsureSuccessStatusCode();
        var reader = new ConnectReader(response);
        var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await lines.ReadLineAsync() is { } line && line != "event: ready")
        {
        }

        _ = reader.ReadAsync(lines);
        return reader;
    }

    private async Task ReadAsync(StreamReader lines)
    {
        try
        {
            var isEvent = false;
            while (await lines.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _frames);
                    isEvent = line == "event: event";
                }
                else if (isEvent && line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"type\":\"message.new\"", StringComparison.Ordinal))
                {
                    var at = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _messageFrames);
                    var text = line.IndexOf("\"text\":\"", StringComparison.Ordinal) + 8;
                    var dash = line.IndexOf('-', text);
                    var end = line.IndexOf('"', dash);
                    if (dash > 0 && end > dash && int.TryParse(line.AsSpan(dash + 1, end - dash - 1), CultureInfo.InvariantCulture, out var index))
                    {
                        lock (Arrivals)
                        {
                            Arrivals.Add((index, at));
                        }
                    }
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _response.Dispose();
    }
}
