namespace Chats.Benchmarks;

/// <summary>Concurrent writers posting to chats through the test cluster, with the silo's CPU time per message.</summary>
internal static class ChatWrites
{
    private static string Text => ChatText.Next();

    /// <param name="authorOf">Who posts the message with this number to this chat (a member).</param>
    public static async Task<Measurement> RunAsync(
        IGrainFactory grains, AzuriteProcess azurite, BenchmarkSizes sizes, string name, string description, Chat[] chats, Func<Chat, long, string> authorOf)
    {
        const string silo = "silo (bench process)";
        var profile = CpuProfile.Start(new() { [silo] = Environment.ProcessId, ["azurite"] = azurite.ProcessId });
        using var entities = new LogEntityCounter();
        var result = await ClosedLoopLoad.RunAsync(name, description, sizes.Concurrency, sizes.Duration, sizes.MaxOperations, (_, number) =>
        {
            var chat = chats[number % chats.Length];
            return grains.GetChat(chat.Id).PostMessageAsync(new NewMessage(null, authorOf(chat, number), Text));
        });
        var (summary, cpuSeconds) = profile.StopWithSeconds();
        var perHundred = 100.0 / Math.Max(1, result.Operations);
        return result with
        {
            Profile = FormattableString.Invariant($"{summary}; log entities per 100 messages: {entities.Written * perHundred:F0} written, {entities.Read * perHundred:F1} read"),
            SiloCpuMicrosecondsPerRequest = cpuSeconds[silo] * 1e6 / Math.Max(1, result.Operations),
        };
    }
}
