// Measures Chats against this machine's ceilings, in one run, on loopback. See BENCHMARKS.md.
//   dotnet Chats.Benchmarks.dll [--quick] [--groups | --connect | --webhooks | --uploads | --memory | --storage-accounts | --soak | --w2] [--memory-chats N] [--memory-messages N]
//                               [--soak-minutes N] [--soak-messages N] [--out results.json]
using Chats.Benchmarks;
using Orleans.TestingHost;

var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var outPath = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine(RepositoryRoot.Path, "bench", quick ? "results-quick.json" : "results.json");
var sizes = quick ? BenchmarkSizes.Quick : BenchmarkSizes.Full;
var memoryIndex = Array.IndexOf(args, "--memory-chats");
if (memoryIndex >= 0 && memoryIndex + 1 < args.Length)
{
    sizes = sizes with { MemoryChats = int.Parse(args[memoryIndex + 1], System.Globalization.CultureInfo.InvariantCulture) };
}

// --memory-messages N: messages per chat of the memory fill (100 by default; 1,000 with --memory-chats 500 fills 1,000,000).
var messagesIndex = Array.IndexOf(args, "--memory-messages");
if (messagesIndex >= 0 && messagesIndex + 1 < args.Length)
{
    sizes = sizes with { MessagesPerMemoryChat = int.Parse(args[messagesIndex + 1], System.Globalization.CultureInfo.InvariantCulture) };
}

await using var azurite = await AzuriteProcess.StartNewAsync();
var cluster = await TestClusters.StartAsync(azurite, silos: 1, tailSize: null);

// --profile: W2's chats, then W3h and W3u with CPU sampling traces of the gateway and W4h with one of the silo.
// --reads: W2's chats, then W3h and W3k untraced, three times, with medians: the check of a change to the HTTP read path.
if (args.Contains("--profile") || args.Contains("--reads"))
{
    try
    {
        var reads = new Workloads(sizes, cluster, azurite);
        await reads.ManyChatsAsync();
        // Three rounds of --reads, for the median: one 10 s window here varies by a fifth from run to run.
        var measured = new List<Measurement>();
        for (var round = 0; round < (args.Contains("--profile") ? 1 : 3); round++)
        {
            Measurement[] roundResults = args.Contains("--profile")
                ? [await reads.WarmReadsOverHttpProfiledAsync(), await reads.WarmReadsWithUserTokensProfiledAsync(), await reads.HttpWritesProfiledAsync()]
                : [await reads.WarmReadsOverHttpAsync(), await reads.WarmReadsWithServerKeyAsync()];
            foreach (var read in roundResults)
            {
                Console.WriteLine($"{read.Name} {read.PerSecond:F0}/s; {read.Profile}");
                Console.WriteLine(FormattableString.Invariant($"{read.Name}: CPU per request: gateway {read.GatewayCpuMicrosecondsPerRequest:F0} µs, silo {read.SiloCpuMicrosecondsPerRequest:F0} µs"));
                measured.Add(read);
            }
        }

        foreach (var group in measured.GroupBy(read => read.Name).Where(group => group.Count() > 1))
        {
            static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
            Console.WriteLine(FormattableString.Invariant(
                $"{group.Key} median of {group.Count()}: {Median(group.Select(read => read.PerSecond)):F0}/s, gateway {Median(group.Select(read => read.GatewayCpuMicrosecondsPerRequest ?? 0)):F0} µs, silo {Median(group.Select(read => read.SiloCpuMicrosecondsPerRequest ?? 0)):F0} µs a request"));
        }
    }
    finally
    {
        await TestClusters.StopAsync(cluster);
    }

    return;
}

var results = new List<Measurement>();
async Task<Measurement> Run(Func<Task<Measurement>> measure)
{
    Measurement result;
    try
    {
        result = await measure();
    }
    catch (Exception exception) when (ClosedLoopLoad.IsStoreFailure(exception))
    {
        // A store that gave out during a workload's set-up: a row that says so, and the run goes on.
        result = Unfinished(measure.Method.Name, exception);
    }

    Console.WriteLine($"{result.Name,-4} {result.PerSecond,12:F0}/s  p50 {result.P50Milliseconds,8:F2} ms  p99 {result.P99Milliseconds,8:F2} ms  ({result.Description})");
    results.Add(result);
    return result;
}

// --w2: S1, S2 and W2 only, on a fresh Azurite: the check of a change to the one-message commit, back to back with another build.
if (args.Contains("--w2"))
{
    try
    {
        var ceilings = new Ceilings(sizes, cluster, azurite);
        Compare(await Run(new Workloads(sizes, cluster, azurite).ManyChatsAsync), await Run(ceilings.SingleInsertsAsync), 0.8);
        await Run(ceilings.HeaderAndMessageTransactionsAsync);
    }
    finally
    {
        await TestClusters.StopAsync(cluster);
    }

    Report.Print(results, Console.Out);
    return;
}

// --webhooks: only the webhook step below (W8n, W8w, W8), on its own Azurite.
if (args.Contains("--webhooks"))
{
    await TestClusters.StopAsync(cluster);
    await RunWebhooksAsync();
    Report.Print(results, Console.Out);
    Report.PrintProfiles(results, Console.Out);
    return;
}

// --uploads: only the attachments step below (U1), on its own Azurite with its blob service.
if (args.Contains("--uploads"))
{
    await TestClusters.StopAsync(cluster);
    await RunUploadsAsync();
    Report.Print(results, Console.Out);
    Report.PrintProfiles(results, Console.Out);
    return;
}

// --connect: only the Connect step below (C1, C2, C3), on its own Azurite.
if (args.Contains("--connect"))
{
    await TestClusters.StopAsync(cluster);
    await RunConnectAsync();
    Report.Print(results, Console.Out);
    Report.PrintProfiles(results, Console.Out);
    return;
}

// --storage-accounts: W2 on one storage account, then on two (a fresh Azurite each, back to back):
// message logs spread over accounts by chat (Chats:Storage:MessageAccounts).
if (args.Contains("--storage-accounts"))
{
    await TestClusters.StopAsync(cluster);
    foreach (var accounts in new[] { 1, 2 })
    {
        await using var first = await AzuriteProcess.StartNewAsync();
        var extra = new List<AzuriteProcess>();
        var settings = new TestClusterSettings { Silos = 1, TailSize = null };
        for (var n = 2; n <= accounts; n++)
        {
            extra.Add(await AzuriteProcess.StartNewAsync());
            settings.MessageAccounts[$"account{n}"] = extra[^1];
        }

        var accountsCluster = await TestClusters.StartAsync(first, settings);
        try
        {
            var w2 = await Run(new Workloads(sizes, accountsCluster, first).ManyChatsAsync);
            results[^1] = w2 with { Name = $"W2s{accounts}", Description = $"W2 with message logs in {accounts} storage account(s), one Azurite each" };
        }
        finally
        {
            await TestClusters.StopAsync(accountsCluster);
            foreach (var account in extra)
            {
                await account.DisposeAsync();
            }
        }
    }

    Compare(results[^1], results[^2], 1.0);
    Report.Print(results, Console.Out);
    Report.PrintProfiles(results, Console.Out);
    return;
}

// --soak: the mixed soak only (SOAKf, SOAKw, SOAKr, SOAKs, SOAKm), on its own Azurite, silo and gateway:
// 20 minutes on 500,000 messages of history unless --soak-minutes or --soak-messages say otherwise.
if (args.Contains("--soak"))
{
    await TestClusters.StopAsync(cluster);
    var soakSizes = quick ? SoakSizes.Quick : SoakSizes.Full;
    if (Array.IndexOf(args, "--soak-minutes") is var minutesAt and >= 0 && minutesAt + 1 < args.Length)
    {
        var minutes = double.Parse(args[minutesAt + 1], System.Globalization.CultureInfo.InvariantCulture);
        soakSizes = soakSizes with { Duration = TimeSpan.FromMinutes(minutes), Window = TimeSpan.FromMinutes(minutes / 4) };
    }

    if (Array.IndexOf(args, "--soak-messages") is var messagesAt and >= 0 && messagesAt + 1 < args.Length)
    {
        var messages = int.Parse(args[messagesAt + 1], System.Globalization.CultureInfo.InvariantCulture);
        soakSizes = soakSizes with { Chats = Math.Max(1, messages / soakSizes.MessagesPerChat) };
    }

    await using var soakAzurite = await AzuriteProcess.StartNewAsync();
    foreach (var measured in await new SoakWorkload(soakSizes, soakAzurite).RunAsync())
    {
        results.Add(measured);
    }

    Report.Print(results, Console.Out);
    await Report.WriteJsonAsync(results, outIndex >= 0 ? outPath : Path.Combine(RepositoryRoot.Path, "bench", quick ? "results-soak-quick.json" : "results-soak.json"), "soak");
    return;
}

// --memory: only the memory step below (MEM, FILL, ENT, W5m, PAGE), on its own Azurite; with
// --memory-chats 500 --memory-messages 1000 it fills 1,000,000 messages.
if (args.Contains("--memory"))
{
    await TestClusters.StopAsync(cluster);
    await RunMemoryAsync();
    Report.Print(results, Console.Out);
    return;
}

// --groups: only the group step below (W1 again, W7, W7a), on its own Azurite.
if (args.Contains("--groups"))
{
    await TestClusters.StopAsync(cluster);
    await RunGroupsAsync();
    Report.Print(results, Console.Out);
    Report.PrintProfiles(results, Console.Out);
    return;
}

try
{
    var ceilings = new Ceilings(sizes, cluster, azurite);
    var workloads = new Workloads(sizes, cluster, azurite);

    var k = await Run(ceilings.KestrelAsync);
    var g = await Run(ceilings.GrainCallAsync);
    var s1 = await Run(ceilings.SingleInsertsAsync);
    await Run(ceilings.HeaderAndMessageTransactionsAsync);
    var sb = await Run(ceilings.BatchInsertsAsync);
    Compare(await Run(workloads.HotChatAsync), sb, 0.6);
    Compare(await Run(workloads.ManyChatsAsync), s1, 0.8);
    Compare(await Run(workloads.WarmReadsAsync), g, 0.5);
    Compare(await Run(workloads.WarmReadsOverHttpAsync), k, 0.4);
    var w3k = await Run(workloads.WarmReadsWithServerKeyAsync);
    Compare(await Run(workloads.WarmReadsWithUserTokensAsync), w3k, 0.9);
    var w4g = await Run(workloads.GrainWritesAsync);
    Compare(await Run(workloads.HttpWritesAsync), w4g, 0.8);
    var w5 = await Run(workloads.ColdReadsAsync);
    results[^1] = w5 with { Ceiling = "p99 budget 50 ms", Ratio = w5.P99Milliseconds / 50, Target = 1.0, LowerIsBetter = true };
    Compare(await Run(workloads.HotChatEventsAsync), sb, 0.5);
    var l100 = await Run(workloads.ListChatsWithUnreadCountsAsync);
    results[^1] = l100 with { Ceiling = "p99 budget 50 ms", Ratio = l100.P99Milliseconds / 50, Target = 1.0, LowerIsBetter = true };
}
finally
{
    await TestClusters.StopAsync(cluster);
}

await RunGroupsAsync();
await RunConnectAsync();
await RunWebhooksAsync();
await RunUploadsAsync();

await RunMemoryAsync();

Report.Print(results, Console.Out);
Report.PrintProfiles(results, Console.Out);
await Report.WriteJsonAsync(results, outPath, quick ? "quick" : "full");
Console.WriteLine($"\nwritten to {outPath}");

// Groups get a fresh Azurite and cluster too: a 1,000-member group activates 1,000 chat lists, each a
// query that Azurite runs against its whole table, which the earlier workloads have filled. W1 runs
// again first, so W7 is compared with it back to back on the same store.
async Task RunGroupsAsync()
{
    await using var groupAzurite = await AzuriteProcess.StartNewAsync();
    var groupCluster = await TestClusters.StartAsync(groupAzurite, silos: 1, tailSize: null);
    try
    {
        var w1 = await Run(new Workloads(sizes, groupCluster, groupAzurite).HotChatAsync);
        results[^1] = w1 = w1 with { Name = "W1f", Description = "W1 again on a fresh store, before W7" };
        var groups = new GroupWorkloads(sizes, groupCluster, groupAzurite);
        Compare(await Run(groups.LargeGroupAsync), w1, 0.5);
        await Run(groups.AddMembersToALargeGroupAsync);
    }
    finally
    {
        await TestClusters.StopAsync(groupCluster);
    }
}

// Connect gets a fresh Azurite, and its own silo and gateway processes per row: C2 and C3 back to back compare presence off and on.
async Task RunConnectAsync()
{
    await using var connectAzurite = await AzuriteProcess.StartNewAsync();
    var connect = new ConnectWorkloads(sizes, connectAzurite);
    await Run(connect.IdleConnectionsAsync);
    var c2 = await Run(connect.GroupDeliveryAsync);
    var c3 = await Run(connect.GroupDeliveryWithPresenceAsync);
    Console.WriteLine(FormattableString.Invariant(
        $"C3/C2: p99 {c3.P99Milliseconds / Math.Max(0.001, c2.P99Milliseconds):F2}x, gateway CPU a frame {c3.GatewayCpuMicrosecondsPerRequest / c2.GatewayCpuMicrosecondsPerRequest:F2}x, silo {c3.SiloCpuMicrosecondsPerRequest / c2.SiloCpuMicrosecondsPerRequest:F2}x"));
}

// Webhooks get a fresh Azurite and their own silo and gateway processes: W8n and W8w back to back, then W8.
async Task RunWebhooksAsync()
{
    await using var webhookAzurite = await AzuriteProcess.StartNewAsync();
    foreach (var measured in await new WebhookWorkload(sizes, webhookAzurite).RunAsync())
    {
        Console.WriteLine($"{measured.Name,-4} {measured.PerSecond,12:F0}/s  p50 {measured.P50Milliseconds,8:F2} ms  p99 {measured.P99Milliseconds,8:F2} ms  ({measured.Description})");
        results.Add(measured);
    }
}

// Attachments get a fresh Azurite (tables and blobs) and their own silo and gateway processes.
async Task RunUploadsAsync()
{
    await using var uploadAzurite = await AzuriteProcess.StartNewAsync(withBlobs: true);
    foreach (var measured in await new UploadWorkload(sizes, uploadAzurite).RunAsync())
    {
        Console.WriteLine(FormattableString.Invariant(
            $"{measured.Name,-4} {measured.PerSecond,12:F1}/s  p50 {measured.P50Milliseconds,8:F2} ms  p99 {measured.P99Milliseconds,8:F2} ms  gateway CPU {measured.GatewayCpuMicrosecondsPerRequest:F0} µs, silo {measured.SiloCpuMicrosecondsPerRequest:F0} µs each ({measured.Description})"));
        results.Add(measured);
    }
}

void Compare(Measurement measured, Measurement ceiling, double target)
{
    var index = results.IndexOf(measured);
    results[index] = measured with { Ceiling = ceiling.Name, Ratio = measured.PerSecond / ceiling.PerSecond, Target = target };
}

static Measurement Unfinished(string name, Exception exception) =>
    new(name, $"did not finish: {exception.GetType().Name}: {exception.Message}", 0, 0, 0, 0) { Failures = 1 };

// Memory gets a fresh Azurite and cluster, so that its fill starts from an empty store: FILL is the
// write rate as the store grows from nothing, and ENT, W5m and PAGE measure the store it leaves.
async Task RunMemoryAsync()
{
    await using (var memoryAzurite = await AzuriteProcess.StartNewAsync())
    {
        var memoryCluster = await TestClusters.StartAsync(memoryAzurite, silos: 1, tailSize: null);
        try
        {
            var memoryWorkloads = new Workloads(sizes, memoryCluster, memoryAzurite);
            Measurement memory;
            try
            {
                memory = await memoryWorkloads.MemoryPerChatAsync();
            }
            catch (Exception exception) when (ClosedLoopLoad.IsStoreFailure(exception))
            {
                memory = Unfinished("MEM", exception);
            }

            results.Add(memory with { Target = 2.0, LowerIsBetter = true });
            Console.WriteLine($"MEM  {memory.PerSecond,12:F0} bytes per chat ({memory.Description})");
            var fill = memoryWorkloads.FillSlowdown();
            results.Add(fill);
            Console.WriteLine($"FILL {fill.PerSecond,12:F0} messages ({fill.Description})");

            // What history costs the store, on the store just filled.
            var storage = new StorageWorkloads(sizes, memoryCluster, memoryAzurite);
            var stored = memoryWorkloads.FillCurve.Count > 0 ? memoryWorkloads.FillCurve[^1].Stored : 0;
            await Run(() => storage.EntitiesPerHundredMessagesAsync(stored));
            var w5m = await Run(() => storage.ColdReadsAsync(memoryWorkloads.FilledChats));
            results[^1] = w5m with { Ceiling = "p99 budget 50 ms", Ratio = w5m.P99Milliseconds / 50, Target = 1.0, LowerIsBetter = true };
            await Run(() => storage.EntitiesPerOldPageAsync(memoryWorkloads.FilledChats));
        }
        finally
        {
            await TestClusters.StopAsync(memoryCluster);
        }
    }
}
