using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Chats.Benchmarks;

/// <summary>How the soak runs: its store (chats × messages written before it starts), its load and its length.</summary>
internal sealed record class SoakSizes(int Chats, int MessagesPerChat, int Users, int Writers, int Readers, TimeSpan Duration, TimeSpan Window)
{
    // 8 writers, 4 readers and 200 connected users for 20 minutes, on 500 chats of 1,000 messages.
    public static SoakSizes Full { get; } = new(500, 1000, 200, 8, 4, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5));

    public static SoakSizes Quick { get; } = new(20, 50, 20, 8, 4, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(10));
}

/// <summary>
/// The mixed soak, over real HTTP against a silo and a gateway process: a store filled with history
/// first, then writers (CreateMessage), readers (the newest page, an old page, a chat list) and every
/// user connected (Connect), all at once for <see cref="SoakSizes.Duration"/>. It reports whether the
/// write rate holds (last window against the first), whether every message reached its members'
/// connections, and whether the silo's and the gateway's memory stays flat once warm (last window against the second).
/// </summary>
internal sealed class SoakWorkload(SoakSizes sizes, AzuriteProcess azurite)
{
    private const int MembersPerChat = 4;

    // Every 10 s, or more often in a short soak, so that each window holds several samples.
    private TimeSpan SampleEvery => TimeSpan.FromSeconds(Math.Min(10, sizes.Window.TotalSeconds / 5));

    public async Task<IReadOnlyList<Measurement>> RunAsync()
    {
        await using var service = await LocalService.StartAsync(azurite, "soak", new Dictionary<string, string>());
        var run = Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, sizes.Users).Select(i => $"soak-{run}-{i}").ToArray();
        var chats = new (string Id, string[] Members)[sizes.Chats];
        for (var i = 0; i < chats.Length; i++)
        {
            var members = Enumerable.Range(0, MembersPerChat).Select(k => users[(i + (k * 7)) % users.Length]).Distinct().ToArray();
            chats[i] = (await service.CreateGroupAsync(members), members);
        }

        var (historyFrom, historyTo, prefill) = await PrefillAsync(service, chats);
        var readers = new List<ConnectReader>(users.Length);
        foreach (var user in users)
        {
            readers.Add(await ConnectReader.OpenAsync(service.Http, user, watch: null));
        }

        var framesBefore = readers.Sum(reader => (long)reader.MessageFrames);
        var writes = new List<(TimeSpan At, long Ticks)>[sizes.Writers];
        var reads = new List<(int Kind, long Ticks)>[sizes.Readers];
        long writeFailures = 0, readFailures = 0, delivered = 0;
        var samples = new List<(TimeSpan At, long Silo, long Gateway, long Azurite)>();
        var clock = Stopwatch.StartNew();

        var writers = Enumerable.Range(0, sizes.Writers).Select(worker => Task.Run(async () =>
        {
            var mine = writes[worker] = [];
            while (clock.Elapsed < sizes.Duration)
            {
                var (chatId, members) = chats[Random.Shared.Next(chats.Length)];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await service.PostMessageAsync(chatId, members[Random.Shared.Next(members.Length)], ChatText.Next());
                    mine.Add((clock.Elapsed, Stopwatch.GetTimestamp() - started));
                    Interlocked.Add(ref delivered, members.Length);
                }
                catch (Exception exception) when (ClosedLoopLoad.IsStoreFailure(exception) || exception is HttpRequestException)
                {
                    Interlocked.Increment(ref writeFailures);
                }
            }
        })).ToArray();
        var readerTasks = Enumerable.Range(0, sizes.Readers).Select(worker => Task.Run(async () =>
        {
            var mine = reads[worker] = [];
            for (var n = 0; clock.Elapsed < sizes.Duration; n++)
            {
                var (chatId, members) = chats[Random.Shared.Next(chats.Length)];
                var historyAt = historyFrom + ((historyTo - historyFrom) * Random.Shared.NextDouble());
                object body = (n % 3) switch
                {
                    0 => new { chat_id = chatId, limit = 25 },
                    1 => new { chat_id = chatId, limit = 25, sent_before = historyAt.ToString("O", CultureInfo.InvariantCulture) },
                    _ => new { user_id = members[0], limit = 20 },
                };
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var reply = await service.Http.PostAsJsonAsync(n % 3 == 2 ? "/v1/chats/ListChats" : "/v1/chats/ListMessages", body);
                    reply.EnsureSuccessStatusCode();
                    mine.Add((n % 3, Stopwatch.GetTimestamp() - started));
                }
                catch (Exception exception) when (ClosedLoopLoad.IsStoreFailure(exception) || exception is HttpRequestException)
                {
                    Interlocked.Increment(ref readFailures);
                }
            }
        })).ToArray();

        var load = Task.WhenAll(writers.Concat(readerTasks));
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(SampleEvery));
            var sample = (clock.Elapsed, service.Silo.WorkingSet, service.Gateway.WorkingSet, ResidentBytes(azurite.ProcessId));
            samples.Add(sample);
            var lastTen = writes.Sum(list => { lock (list) { return list.Count(write => write.At > sample.Item1 - SampleEvery); } });
            Console.WriteLine(FormattableString.Invariant(
                $"SOAK {sample.Item1.TotalMinutes:F1} min: {lastTen / SampleEvery.TotalSeconds:F0} messages/s over the last {SampleEvery.TotalSeconds:F0} s, {readers.Sum(reader => (long)reader.MessageFrames) - framesBefore} delivered; RSS silo {sample.Item2 >> 20} MB, gateway {sample.Item3 >> 20} MB, Azurite {sample.Item4 >> 20} MB"));
        }

        await load;
        var elapsed = clock.Elapsed;

        // Frames still on their way get a few seconds to arrive.
        var received = 0L;
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(15); await Task.Delay(250))
        {
            received = readers.Sum(reader => (long)reader.MessageFrames) - framesBefore;
            if (received >= Interlocked.Read(ref delivered))
            {
                break;
            }
        }

        foreach (var reader in readers)
        {
            reader.Dispose();
        }

        return [prefill, Writes(writes, elapsed, writeFailures), Reads(reads, elapsed, readFailures), Deliveries(received, delivered, readers.Count), Memory(samples)];
    }

    // Every chat gets its history, 100 messages of a chat in flight at once and 4 chats at a time, so commits batch as a busy chat's do.
    private async Task<(DateTimeOffset From, DateTimeOffset To, Measurement Fill)> PrefillAsync(LocalService service, (string Id, string[] Members)[] chats)
    {
        var from = DateTimeOffset.UtcNow;
        var started = Stopwatch.StartNew();
        var done = 0;
        var fill = await ClosedLoopLoad.RunAsync("SOAKf", "", 4, TimeSpan.FromHours(2), chats.Length, async (_, number) =>
        {
            var (chatId, members) = chats[number - 1];
            await Parallel.ForEachAsync(Enumerable.Range(0, sizes.MessagesPerChat), new ParallelOptions { MaxDegreeOfParallelism = 100 },
                async (i, _) => await service.PostMessageAsync(chatId, members[i % members.Length], ChatText.Next()));
            if (Interlocked.Increment(ref done) % Math.Max(1, chats.Length / 10) == 0)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"SOAK history: {done} of {chats.Length} chats, {(long)done * sizes.MessagesPerChat} messages ({done * sizes.MessagesPerChat / started.Elapsed.TotalSeconds:F0}/s)"));
            }
        });
        var messages = (long)sizes.Chats * sizes.MessagesPerChat;
        return (from, DateTimeOffset.UtcNow, new Measurement("SOAKf", $"the soak's store: {messages} messages in {sizes.Chats} chats over HTTP before it starts (messages/s)",
            messages / started.Elapsed.TotalSeconds, 0, 0, messages) { Failures = fill.Failures });
    }

    private Measurement Writes(List<(TimeSpan At, long Ticks)>[] writes, TimeSpan elapsed, long failures)
    {
        var all = writes.SelectMany(list => list).ToArray();
        double Rate(TimeSpan from, TimeSpan to) => all.Count(write => write.At >= from && write.At < to) / (to - from).TotalSeconds;
        var first = Rate(TimeSpan.Zero, sizes.Window);
        var last = Rate(elapsed - sizes.Window, elapsed);
        var latencies = all.Select(write => write.Ticks).Order().ToArray();
        return new Measurement("SOAKw", FormattableString.Invariant(
                $"{sizes.Writers} writers for {Span(elapsed)} on {sizes.Chats * sizes.MessagesPerChat} messages of history, with the readers and streams below: messages/s (first {Span(sizes.Window)} {first:F0}/s, last {last:F0}/s)"),
            all.Length / elapsed.TotalSeconds, ClosedLoopLoad.Percentile(latencies, 0.50), ClosedLoopLoad.Percentile(latencies, 0.99), all.Length)
        {
            Ceiling = $"first {Span(sizes.Window)}",
            Ratio = first > 0 ? last / first : null,
            Target = 0.7,
            Failures = failures,
        };
    }

    private Measurement Reads(List<(int Kind, long Ticks)>[] reads, TimeSpan elapsed, long failures)
    {
        var all = reads.SelectMany(list => list).ToArray();
        string Of(int kind)
        {
            var sorted = all.Where(read => read.Kind == kind).Select(read => read.Ticks).Order().ToArray();
            return FormattableString.Invariant($"{ClosedLoopLoad.Percentile(sorted, 0.50):F1}/{ClosedLoopLoad.Percentile(sorted, 0.99):F0} ms");
        }

        var latencies = all.Select(read => read.Ticks).Order().ToArray();
        return new Measurement("SOAKr", $"{sizes.Readers} readers at once, in turn: the newest page {Of(0)}, a page of old history {Of(1)}, a chat list {Of(2)} (p50/p99; reads/s)",
            latencies.Length / elapsed.TotalSeconds, ClosedLoopLoad.Percentile(latencies, 0.50), ClosedLoopLoad.Percentile(latencies, 0.99), latencies.Length)
        {
            Failures = failures,
        };
    }

    private static Measurement Deliveries(long received, long expected, int connections) =>
        new("SOAKs", $"{connections} users connected (Connect, SSE): message.new frames received of {expected} expected (members × messages acknowledged)", received, 0, 0, received)
        {
            Ceiling = "every delivery",
            Ratio = expected > 0 ? received / (double)expected : null,
            Target = 1.0,
        };

    // Flat: the larger of the silo's and the gateway's mean RSS over the last window against the second;
    // the first is warm-up (the GC sizing its heaps to the new load), printed beside them.
    private Measurement Memory(List<(TimeSpan At, long Silo, long Gateway, long Azurite)> samples)
    {
        var end = samples.Count > 0 ? samples[^1].At : TimeSpan.Zero;
        double Mean(Func<(TimeSpan At, long Silo, long Gateway, long Azurite), long> of, TimeSpan from, TimeSpan to)
        {
            var window = samples.Where(sample => sample.At > from && sample.At <= to).ToArray();
            return window.Length > 0 ? window.Average(sample => (double)of(sample)) / 1048576 : 0;
        }

        (double First, double Settled, double Last) Windows(Func<(TimeSpan At, long Silo, long Gateway, long Azurite), long> of) =>
            (Mean(of, TimeSpan.Zero, sizes.Window), Mean(of, sizes.Window, 2 * sizes.Window), Mean(of, end - sizes.Window, end));

        var (silo, gateway, azurite) = (Windows(sample => sample.Silo), Windows(sample => sample.Gateway), Windows(sample => sample.Azurite));
        return new Measurement("SOAKm", FormattableString.Invariant(
                $"RSS in MB, mean of the first {Span(sizes.Window)} (warm-up), the next, and the last: silo {silo.First:F0}, {silo.Settled:F0} → {silo.Last:F0}; gateway {gateway.First:F0}, {gateway.Settled:F0} → {gateway.Last:F0}; Azurite {azurite.First:F0}, {azurite.Settled:F0} → {azurite.Last:F0}; MB of silo and gateway at the end"),
            silo.Last + gateway.Last, 0, 0, samples.Count)
        {
            Ceiling = "second window",
            Ratio = silo.Settled > 0 && gateway.Settled > 0 ? Math.Max(silo.Last / silo.Settled, gateway.Last / gateway.Settled) : null,
            Target = 1.1,
            LowerIsBetter = true,
        };
    }

    private static string Span(TimeSpan span) =>
        span >= TimeSpan.FromMinutes(1) ? FormattableString.Invariant($"{span.TotalMinutes:F0} min") : FormattableString.Invariant($"{span.TotalSeconds:F0} s");

    private static long ResidentBytes(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.WorkingSet64;
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }
}
