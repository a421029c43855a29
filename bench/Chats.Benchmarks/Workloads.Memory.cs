namespace Chats.Benchmarks;

/// <summary>The memory step: MEM (bytes per active chat) and FILL (the write rate as the store fills).</summary>
internal sealed partial class Workloads
{
    /// <summary>
    /// Memory per active chat holding its in-memory tail, against the raw UTF-8 size of that text, as the
    /// slope between two fills: every chat is created and activated first, then <c>MemoryChats</c> of
    /// them are filled (heap measured after a full GC), then as many more (measured again). The figure is
    /// what one more chat's messages cost, with no fixed baseline divided by the chat count.
    /// </summary>
    public async Task<Measurement> MemoryPerChatAsync()
    {
        var chats = await CreateChatsAsync("memory", 2 * sizes.MemoryChats);
        FilledChats = chats;
        await Task.WhenAll(chats.Select(chat => Grains.GetChat(chat.Id).ListMessagesAsync(new MessagePageQuery(null, 1))));
        await FillAsync("first fill", chats[..sizes.MemoryChats]);
        var afterFirst = GC.GetTotalMemory(forceFullCollection: true);
        await FillAsync("second fill", chats[sizes.MemoryChats..]);
        var afterSecond = GC.GetTotalMemory(forceFullCollection: true);
        FillCurve = [.. _fillRates];
        var perChat = (afterSecond - afterFirst) / (double)sizes.MemoryChats;
        var inMemory = Math.Min(sizes.MessagesPerMemoryChat, new Chats.Hosting.ChatsGrainOptions().TailSize);
        var rawPerChat = inMemory * ChatText.AverageLength;
        return new Measurement("MEM", $"bytes per more active chat with {inMemory} messages of {ChatText.AverageLength:F0} chars on average in memory (slope from {sizes.MemoryChats} to {2 * sizes.MemoryChats} chats)", perChat, 0, 0, sizes.MemoryChats)
        {
            Ceiling = $"raw text {rawPerChat:F0} B",
            Ratio = perChat / rawPerChat,
            Failures = _fillFailures,
        };
    }

    /// <summary>
    /// The memory step's fills as a curve: (messages in the table, messages/s stored over the tenth that
    /// ended there). Azurite's cost grows with the entities a table holds (BENCHMARKS.md), so the rate falls.
    /// </summary>
    public IReadOnlyList<(long Stored, double PerSecond)> FillCurve { get; private set; } = [];

    /// <summary>The chats the memory step filled (all of them, once it has run).</summary>
    public IReadOnlyList<Chat> FilledChats { get; private set; } = [];

    private readonly List<(long Stored, double PerSecond)> _fillRates = [];

    // Chats whose fill failed on a slow store: reported with MEM and FILL, never a crash.
    private long _fillFailures;

    /// <summary>(FILL) how many messages the table held when storing them had slowed to half the first tenth's rate; its ratio is the last tenth's rate to the first's.</summary>
    public Measurement FillSlowdown()
    {
        var first = FillCurve.Count > 0 ? FillCurve[0].PerSecond : 0;
        var half = FillCurve.FirstOrDefault(point => point.PerSecond <= first / 2);
        var reached = half != default;
        var stored = reached ? half.Stored : FillCurve.Count > 0 ? FillCurve[^1].Stored : 0;
        return new Measurement("FILL", reached
                ? $"messages in Azurite's table when the memory fill's write rate had halved (first tenth {first:F0}/s, then {half.PerSecond:F0}/s)"
                : $"the memory fill's write rate did not halve within {stored} messages (first tenth {first:F0}/s, last {(FillCurve.Count > 0 ? FillCurve[^1].PerSecond : 0):F0}/s)",
            stored, 0, 0, stored)
        {
            Failures = _fillFailures,
            Ceiling = FormattableString.Invariant($"first tenth {first:F0}/s"),
            Ratio = first > 0 && FillCurve.Count > 0 ? FillCurve[^1].PerSecond / first : null,
            Target = 0.5,
        };
    }

    // Fills each chat with its messages, printing progress (and the write rate) every tenth of the way.
    private async Task FillAsync(string what, Chat[] chats)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var filled = 0;
        var step = Math.Max(1, chats.Length / 10);
        var stepStarted = TimeSpan.Zero;
        var storedBefore = _fillRates.Count > 0 ? _fillRates[^1].Stored : 0;

        // Each chat's messages are posted together, so group commit stores them in one or two transactions.
        // Four chats at a time: more concurrent 100-entity transactions only queue up inside Azurite.
        var fill = await ClosedLoopLoad.RunAsync("fill", "", 4, TimeSpan.FromHours(1), chats.Length, async (_, number) =>
        {
            var chat = chats[number - 1];
            await Task.WhenAll(Enumerable.Range(0, sizes.MessagesPerMemoryChat)
                .Select(_ => Grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, chat.UserIds[0], Text))));
            var done = Interlocked.Increment(ref filled);
            if (done % step == 0)
            {
                lock (_fillRates)
                {
                    var elapsed = started.Elapsed;
                    var rate = (double)step * sizes.MessagesPerMemoryChat / Math.Max(0.001, (elapsed - stepStarted).TotalSeconds);
                    stepStarted = elapsed;
                    var stored = storedBefore + ((long)done * sizes.MessagesPerMemoryChat);
                    _fillRates.Add((stored, rate));
                    Console.WriteLine(FormattableString.Invariant($"MEM  {what}: {done} of {chats.Length} chats ({elapsed.TotalSeconds:F0} s; {stored} messages in the table, {rate:F0} messages/s over the last tenth)"));
                }
            }
        });
        _fillFailures += fill.Failures;
    }
}
