using System.Globalization;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Chats.Benchmarks;

/// <summary>The Chats workloads W1–W5 and the memory measure.</summary>
internal sealed partial class Workloads(BenchmarkSizes sizes, TestCluster cluster, AzuriteProcess azurite)
{
    private static string Text => ChatText.Next();
    private Chat[] _manyChats = [];

    private IGrainFactory Grains => cluster.Client;

    /// <summary>(W1) one chat, many concurrent writers: group commit against the one-partition ceiling.</summary>
    public async Task<Measurement> HotChatAsync()
    {
        var chat = await Grains.CreateChatAsync(["hot-a", "hot-b"]);
        return await WriteAsync("W1", "one chat, concurrent writers (TestCluster), durable messages/s", [chat]);
    }

    /// <summary>(W2) many chats, writers spread over them.</summary>
    public async Task<Measurement> ManyChatsAsync()
    {
        _manyChats = await CreateChatsAsync("many", sizes.ManyChats);
        return await WriteAsync("W2", $"{sizes.ManyChats} chats, concurrent writers (TestCluster)", _manyChats);
    }

    /// <summary>(W3) default-page reads of warm chats through the test cluster.</summary>
    public Task<Measurement> WarmReadsAsync() =>
        ClosedLoopLoad.RunAsync("W3g", $"ListMessages default page, {_manyChats.Length} warm chats (TestCluster)", sizes.Concurrency, sizes.Duration, sizes.MaxOperations,
            (_, number) => Grains.GetChat(_manyChats[number % _manyChats.Length].Id).ListMessagesAsync(new MessagePageQuery(null, ChatLimits.DefaultPageSize)));

    /// <summary>(W3) the same reads over HTTP: a gateway process in front of the test cluster, wrk as the client.</summary>
    public Task<Measurement> WarmReadsOverHttpAsync() => WarmReadsOverHttpAsync(HttpCaller.Open);

    /// <summary>W3h with a CPU sampling profile of the gateway over the measured window (<c>--profile</c>).</summary>
    public Task<Measurement> WarmReadsOverHttpProfiledAsync() => WarmReadsOverHttpAsync(HttpCaller.Open, profile: true);

    /// <summary>(W3k) W3h with a server key in every request (the gateway has keys configured).</summary>
    public Task<Measurement> WarmReadsWithServerKeyAsync() => WarmReadsOverHttpAsync(HttpCaller.ServerKey);

    /// <summary>(W3u) W3h with a user token of a member in every request (validated, revocation checked).</summary>
    public Task<Measurement> WarmReadsWithUserTokensAsync() => WarmReadsOverHttpAsync(HttpCaller.UserToken);

    /// <summary>W3u with a CPU sampling profile of the gateway (<c>--profile</c>).</summary>
    public Task<Measurement> WarmReadsWithUserTokensProfiledAsync() => WarmReadsOverHttpAsync(HttpCaller.UserToken, profile: true);

    private async Task<Measurement> WarmReadsOverHttpAsync(HttpCaller caller, bool profile = false)
    {
        const string serverKey = "bench-server-key";
        var httpPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{httpPort}",
            ["Chats__Cluster__GatewayPort"] = cluster.Primary!.GatewayAddress.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__ServiceId"] = cluster.Options.ServiceId,
            ["Chats__Cluster__ClusterId"] = cluster.Options.ClusterId,
        };
        if (caller != HttpCaller.Open)
        {
            // Rate limits off: they would measure the limiter's refusals, not the work.
            environment["Chats__Auth__Keys__0__Sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(serverKey)));
            environment["Chats__Auth__Tenants__default__SigningKeys__0__Id"] = "bench-1";
            environment["Chats__Auth__Tenants__default__SigningKeys__0__Secret"] = Convert.ToBase64String(new byte[32]);
            environment["Chats__RateLimit__Enabled"] = "false";
        }

        await using var gateway = await ServiceProcess.StartAsync("Chats.Gateway", httpPort, environment);
        var chatsFile = caller switch
        {
            HttpCaller.UserToken => await WriteChatsWithTokensFileAsync(_manyChats, $"http://127.0.0.1:{httpPort}", serverKey),
            HttpCaller.ServerKey => WriteChatsFile(_manyChats, _ => serverKey),
            _ => WriteChatsFile(_manyChats),
        };
        var (name, what) = caller switch
        {
            HttpCaller.UserToken => ("W3u", "with a member's user token"),
            HttpCaller.ServerKey => ("W3k", "with a server key"),
            _ => ("W3h", "open service"),
        };
        var script = new Dictionary<string, string> { ["CHATS_FILE"] = chatsFile };
        await Wrk.WarmUpAsync($"http://127.0.0.1:{httpPort}", "list_messages.lua", sizes.WarmUp, sizes.Concurrency, script);
        await WaitForQuietAzuriteAsync();
        var trace = profile ? TraceCollector.CollectAsync(gateway.Id, $"{name}-gateway", sizes.Duration - TimeSpan.FromSeconds(2)) : null;
        var cpu = CpuProfile.Start(new() { ["gateway"] = gateway.Id, ["silo (bench process)"] = Environment.ProcessId, ["azurite"] = azurite.ProcessId });
        var result = await Wrk.RunAsync(name, $"ListMessages default page, {_manyChats.Length} warm chats (HTTP, wrk, {what})", $"http://127.0.0.1:{httpPort}", "list_messages.lua",
            sizes.Duration, sizes.Concurrency, script);
        var measured = WithCpuPerRequest(result, cpu, "gateway", "silo (bench process)");
        return trace is null ? measured : measured with { Profile = $"{measured.Profile}; trace {await trace}" };
    }

    // One token per chat, for its first member, from CreateUserToken as an app backend would get them.
    private static async Task<string> WriteChatsWithTokensFileAsync(Chat[] chats, string baseUrl, string serverKey)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", serverKey);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chat in chats)
        {
            using var response = await http.PostAsync("/v1/chats/CreateUserToken",
                new StringContent(System.Text.Json.JsonSerializer.Serialize(new { user_id = chat.UserIds[0], expires_in = 3600 })));
            response.EnsureSuccessStatusCode();
            using var reply = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            tokens[chat.Id] = reply.RootElement.GetProperty("token").GetString()!;
        }

        return WriteChatsFile(chats, chat => tokens[chat.Id]);
    }

    /// <summary>(W4) CreateMessage over HTTP on a few chats: silo and gateway processes on the same Azurite.</summary>
    public Task<Measurement> HttpWritesAsync() => HttpWritesAsync(profile: false);

    /// <summary>W4h with a CPU sampling profile of the silo process over the measured window (<c>--profile</c>).</summary>
    public Task<Measurement> HttpWritesProfiledAsync() => HttpWritesAsync(profile: true);

    private async Task<Measurement> HttpWritesAsync(bool profile)
    {
        var (siloPort, gatewayPort, httpPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var cluster = new Dictionary<string, string>
        {
            ["Chats__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Chats__Cluster__ServiceId"] = "bench-http",
            ["Chats__Storage__ConnectionString"] = azurite.ConnectionString,
        };
        await using var silo = await ServiceProcess.StartAsync("Chats.Silo", gatewayPort, cluster);
        await using var gateway = await ServiceProcess.StartAsync("Chats.Gateway", httpPort, new Dictionary<string, string>(cluster) { ["Urls"] = $"http://127.0.0.1:{httpPort}" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        var chats = new List<Chat>();
        for (var i = 0; i < sizes.HttpChats; i++)
        {
            using var reply = await http.PostAsync("/v1/chats/CreateChat", new StringContent($$"""{"user_ids":["http-a-{{i}}","http-b-{{i}}"]}"""));
            var chat = System.Text.Json.JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("chat");
            chats.Add(new Chat(chat.GetProperty("id").GetString()!, [$"http-a-{i}", $"http-b-{i}"], default));
        }

        var script = new Dictionary<string, string> { ["CHATS_FILE"] = WriteChatsFile(chats) };
        await Wrk.WarmUpAsync($"http://127.0.0.1:{httpPort}", "create_message.lua", sizes.WarmUp, sizes.Concurrency, script);
        var trace = profile ? TraceCollector.CollectAsync(silo.Id, "W4h-silo", sizes.Duration - TimeSpan.FromSeconds(2)) : null;
        var cpu = CpuProfile.Start(new() { ["gateway"] = gateway.Id, ["silo"] = silo.Id, ["azurite"] = azurite.ProcessId, ["bench"] = Environment.ProcessId });
        var result = await Wrk.RunAsync("W4h", $"CreateMessage over HTTP, {sizes.HttpChats} chats (silo + gateway processes, wrk)", $"http://127.0.0.1:{httpPort}", "create_message.lua",
            sizes.Duration, sizes.Concurrency, script);
        var measured = WithCpuPerRequest(result, cpu, "gateway", "silo");
        return trace is null ? measured : measured with { Profile = $"{measured.Profile}; trace {await trace}" };
    }

    /// <summary>(W4) the same write workload through the test cluster, the reference of W4h.</summary>
    public async Task<Measurement> GrainWritesAsync() =>
        await WriteAsync("W4g", $"CreateMessage, {sizes.HttpChats} chats (TestCluster)", await CreateChatsAsync("w4", sizes.HttpChats));

    /// <summary>(W5) ListMessages on deactivated chats: activation plus a table range query.</summary>
    public async Task<Measurement> ColdReadsAsync()
    {
        var cold = _manyChats.Take(sizes.ColdChats).ToArray();
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return await ClosedLoopLoad.RunAsync("W5", $"ListMessages on {cold.Length} deactivated chats, one at a time", 1, TimeSpan.FromMinutes(5), cold.Length,
            (_, number) => Grains.GetChat(cold[number - 1].Id).ListMessagesAsync(new MessagePageQuery(null, ChatLimits.DefaultPageSize)));
    }

    /// <summary>
    /// (W6) one hot chat of 64 users, each reacting to (and un-reacting from) a message and editing its
    /// own message, back to back: events made durable per second, against SB. Every call changes
    /// something, so every call is one event.
    /// </summary>
    public async Task<Measurement> HotChatEventsAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, 64).Select(i => $"w6-{run}-{i:D2}").ToArray();
        var chat = await Grains.CreateChatAsync(users);
        var grain = Grains.GetChat(chat.Id);
        var target = (await grain.PostMessageAsync(new NewMessage(null, users[0], Text))).Message!;
        var own = await Task.WhenAll(chat.UserIds.Select(async user => (await grain.PostMessageAsync(new NewMessage(null, user, Text))).Message!.Id));
        var reacted = new bool[chat.UserIds.Count];
        var edits = new int[chat.UserIds.Count];
        var profile = CpuProfile.Start(new() { ["silo (bench process)"] = Environment.ProcessId, ["azurite"] = azurite.ProcessId });
        var result = await ClosedLoopLoad.RunAsync("W6", $"one chat of {users.Length} users reacting and editing (TestCluster), events/s", chat.UserIds.Count, sizes.Duration, sizes.MaxOperations,
            async (worker, number) =>
            {
                var user = chat.UserIds[worker];
                if (number % 2 == 0)
                {
                    var change = new ReactionChange(target.Id, user, "👍");
                    var outcome = reacted[worker] ? await grain.RemoveReactionAsync(change) : await grain.AddReactionAsync(change);
                    reacted[worker] = !reacted[worker];
                    Check(outcome.Outcome);
                }
                else
                {
                    Check((await grain.UpdateMessageAsync(new MessageEdit(own[worker], user, $"{Text} {++edits[worker]}", null))).Outcome);
                }
            });
        return result with { Profile = profile.Stop() };

        static void Check(ChangeOutcome outcome)
        {
            if (outcome != ChangeOutcome.Changed)
            {
                throw new InvalidOperationException($"W6: a change came back {outcome}");
            }
        }
    }

    /// <summary>
    /// (L100) ListChats of a user in 100 chats, each with history and other members' unread messages:
    /// what every app screen opens with. The unread counts come from the chat-list rows, not history.
    /// </summary>
    public async Task<Measurement> ListChatsWithUnreadCountsAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var user = $"l100-{run}-reader";
        var chats = new Chat[100];
        await ClosedLoopLoad.RunAsync("create", "", 8, TimeSpan.FromHours(1), chats.Length, async (_, number) =>
        {
            var chat = chats[number - 1] = await Grains.CreateChatAsync([user, $"l100-{run}-{number}"]);
            var other = chat.UserIds.First(id => id != user);
            var grain = Grains.GetChat(chat.Id);
            await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => grain.PostMessageAsync(new NewMessage(null, other, Text))));
            var page = await grain.ListMessagesAsync(new MessagePageQuery(null, 30));
            await grain.MarkReadAsync(user, page.Messages[(int)(number % 30)].SentAt);
        });
        var list = Grains.GetGrain<IUserChatsGrain>(user);
        var expected = Enumerable.Range(1, chats.Length).Sum(number => number % 30);
        var listed = await list.ListAsync(new UserChatsQuery(null, 100));
        if (listed.Count != 100 || listed.Sum(chat => chat.Entry!.UnreadCount) != expected)
        {
            throw new InvalidOperationException($"L100: {listed.Count} chats with {listed.Sum(chat => chat.Entry?.UnreadCount ?? 0)} unread messages, not 100 with {expected}");
        }

        return await ClosedLoopLoad.RunAsync("L100", "ListChats of a user in 100 chats (30 messages each) with unread counts (TestCluster)", 4, sizes.Duration, sizes.MaxOperations,
            (_, _) => list.ListAsync(new UserChatsQuery(null, 100)));
    }

    // Reads from memory do not touch Azurite, but Azurite may still be busy with the writes before them:
    // the chat lists a write workload changed are written behind (Chats:Grains:ChatListWriteDelay, 30 s),
    // and Azurite saves its whole database 5 s after any change, on its one thread. Wait for a 6 s
    // window (longer than a save period) in which it used under a twentieth of a core (at most 90 s),
    // so that a read row measures the reads, and say when it did not go quiet.
    private async Task WaitForQuietAzuriteAsync()
    {
        using var process = System.Diagnostics.Process.GetProcessById(azurite.ProcessId);
        var window = TimeSpan.FromSeconds(6);
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(90); waited += window)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Task.Delay(window);
            process.Refresh();
            if (process.TotalProcessorTime - before < window / 20)
            {
                return;
            }
        }

        Console.WriteLine("(Azurite was still busy after 90 s: the next row shares the machine with it)");
    }

    // Process CPU time over the measured window divided by the requests served in it.
    internal static Measurement WithCpuPerRequest(Measurement result, CpuProfile profile, string gateway, string silo)
    {
        var (summary, cpuSeconds) = profile.StopWithSeconds();
        var requests = Math.Max(1, result.Operations);
        return result with
        {
            Profile = summary,
            GatewayCpuMicrosecondsPerRequest = cpuSeconds[gateway] * 1e6 / requests,
            SiloCpuMicrosecondsPerRequest = cpuSeconds[silo] * 1e6 / requests,
        };
    }

    private Task<Measurement> WriteAsync(string name, string description, Chat[] chats) =>
        ChatWrites.RunAsync(Grains, azurite, sizes, name, description, chats, (chat, _) => chat.UserIds[0]);

    private async Task<Chat[]> CreateChatsAsync(string prefix, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var chats = new Chat[count];
        await ClosedLoopLoad.RunAsync("create", "", sizes.Concurrency, TimeSpan.FromHours(1), count, async (_, number) =>
            chats[number - 1] = await Grains.CreateChatAsync([$"{prefix}-{run}-{number}-a", $"{prefix}-{run}-{number}-b"]));
        return chats;
    }

    // One chat a line: its id, its first member, and the credential to send (none for an open service).
    internal static string WriteChatsFile(IEnumerable<Chat> chats, Func<Chat, string>? credential = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chats-bench-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, chats.Select(chat => credential is null ? $"{chat.Id} {chat.UserIds[0]}" : $"{chat.Id} {chat.UserIds[0]} {credential(chat)}"));
        return path;
    }
}
