using Chats.Gateway.Streaming;

namespace Chats.Tests.Streaming;

/// <summary>How a stream client ends: a removed member reads what was buffered, their removal last; a slow client stops at once.</summary>
public sealed class StreamClientTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ARemovedMemberReadsTheBufferAndTheirRemovalThenTheEnd()
    {
        var client = new StreamClient("chat", capacity: 4, allEvents: true, userId: "bob");
        var posted = new ChatEvent(ChatEventType.MessageNew, 1, "chat", At, "alice", new ChatMessage("m1", "chat", "alice", "hi", At, 1));
        var removed = new ChatEvent(ChatEventType.MemberRemoved, 2, "chat", At, "alice", Members: new MemberChange(["bob"]));
        var after = new ChatEvent(ChatEventType.MessageNew, 3, "chat", At, "alice", new ChatMessage("m2", "chat", "alice", "after", At, 3));

        client.Offer([new StreamFrame(posted), new StreamFrame(removed), new StreamFrame(after)]);

        Assert.False(client.Ended.IsCancellationRequested);
        Assert.Equal([1L, 2L], await ReadAllSeqsAsync(client));
        Assert.Equal("NOT_A_MEMBER", client.EndReason!.Error.Id);
    }

    [Fact]
    public void AClientTooSlowForItsBufferStopsAtOnce()
    {
        var client = new StreamClient("chat", capacity: 1, allEvents: true, userId: "bob");
        var frames = Enumerable.Range(1, 2).Select(seq => new StreamFrame(new ChatEvent(ChatEventType.MessageRead, seq, "chat", At, "alice"))).ToList();

        client.Offer(frames);

        Assert.True(client.Ended.IsCancellationRequested);
        Assert.NotEqual("NOT_A_MEMBER", client.EndReason!.Error.Id);
    }

    private static async Task<List<long>> ReadAllSeqsAsync(StreamClient client)
    {
        var seqs = new List<long>();
        try
        {
            await foreach (var frame in client.Frames.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                seqs.Add(frame.Event.Seq);
            }
        }
        catch (StreamEndedException)
        {
            // The end, after the buffered frames.
        }

        return seqs;
    }
}
