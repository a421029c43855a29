using System.Collections.Concurrent;

namespace Chats.Tests.Faults;

/// <summary>What writers under faults were told: every acknowledged message, and how many calls failed.</summary>
internal sealed class AckedMessageLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<ChatMessage>> _byChat = new();
    private int _failedCalls;
    private int _abandoned;

    public int FailedCalls => _failedCalls;

    public int Abandoned => _abandoned;

    public int Acked => _byChat.Values.Sum(bag => bag.Count);

    public void RecordAck(ChatMessage message) => _byChat.GetOrAdd(message.ChatId, _ => []).Add(message);

    public void RecordFailedCall() => Interlocked.Increment(ref _failedCalls);

    public void RecordAbandoned() => Interlocked.Increment(ref _abandoned);

    /// <summary>Asserts every acknowledged message is listed exactly once, as acknowledged, in strictly decreasing <c>sent_at</c>.</summary>
    public async Task AssertAllListedExactlyOnceAsync(IGrainFactory grains)
    {
        foreach (var (chatId, acked) in _byChat)
        {
            var listed = await ListAllAsync(grains.GetChat(chatId));
            for (var i = 1; i < listed.Count; i++)
            {
                Assert.True(listed[i - 1].SentAt > listed[i].SentAt, $"chat {chatId}: sent_at not strictly decreasing at {i}");
            }

            var byId = listed.GroupBy(message => message.Id).ToDictionary(group => group.Key, group => group.ToList());
            foreach (var message in acked)
            {
                Assert.True(byId.TryGetValue(message.Id, out var copies), $"chat {chatId}: acknowledged message {message.Id} is missing");
                Assert.Equal(message, Assert.Single(copies));
            }

            // The event sequence has no gap and no repeat, and every message has its message.new.
            var events = await ListAllEventsAsync(grains.GetChat(chatId));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(seq => (long)seq), events.Select(e => e.Seq));
            var created = events.Where(e => e.Type == ChatEventType.MessageNew).ToDictionary(e => e.Seq, e => e.Message!.Id);
            Assert.Equal(listed.Count, created.Count);
            Assert.All(listed, message => Assert.Equal(message.Id, created[message.Seq]));
        }
    }

    private static async Task<List<ChatEvent>> ListAllEventsAsync(IChatGrain chat)
    {
        var all = new List<ChatEvent>();
        while (true)
        {
            var page = await chat.ListEventsAsync(new EventPageQuery(all.Count == 0 ? 0 : all[^1].Seq, ChatLimits.MaxPageSize));
            if (page.Events.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Events);
        }
    }

    private static async Task<List<ChatMessage>> ListAllAsync(IChatGrain chat)
    {
        var all = new List<ChatMessage>();
        while (true)
        {
            var page = await chat.ListMessagesAsync(new MessagePageQuery(all.Count == 0 ? null : all[^1].SentAt, ChatLimits.MaxPageSize));
            if (page.Messages.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Messages);
        }
    }
}
