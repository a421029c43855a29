using Chats.MessageLog;

namespace Chats.Tests.MessageLog;

public sealed class MessageTailTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("8df4a08e-4f09-8c93-80f0-44c737b06c35")]
    [InlineData("8DF4A08E-4F09-8C93-80F0-44C737B06C35")]
    [InlineData("{8df4a08e-4f09-8c93-80f0-44c737b06c35}")]
    [InlineData("a/b#c?")]
    public void MessagesReadBackExactlyAsAdded(string id)
    {
        var tail = new MessageTail(4);
        var message = new StoredMessage(id, "alice", "text with ünïcødé 😀 and a lone \ud800 surrogate", Start, 7, 3);

        tail.Add(message);

        Assert.Equal(message, tail[0]);
        Assert.Equal(message, tail.Find(id));
        Assert.Equal(message.ToMessage("chat", "alice"), tail.Read(0, "chat", "alice"));
    }

    [Fact]
    public void AFullTailEvictsTheOldestAndForgetsItsId()
    {
        var tail = new MessageTail(3);
        var messages = Enumerable.Range(0, 5).Select(i => new StoredMessage($"m{i}", i % 2 == 0 ? "alice" : "bob", $"t{i}", Start.AddTicks(i), i + 1, i + 1)).ToList();

        var evictions = messages.Select(tail.Add).ToList();

        Assert.Equal([false, false, false, true, true], evictions);
        Assert.Equal(messages.Skip(2), Enumerable.Range(0, tail.Count).Select(i => tail[i]));
        Assert.Null(tail.Find("m1"));
        Assert.Equal(messages[4], tail.Find("m4"));
    }

    [Fact]
    public void CountSentBeforeIsStrict()
    {
        var tail = new MessageTail(10);
        for (var i = 0; i < 5; i++)
        {
            tail.Add(new StoredMessage($"m{i}", "alice", "t", Start.AddTicks(i * 10), i + 1, i + 1));
        }

        Assert.Equal(0, tail.CountSentBefore(Start));
        Assert.Equal(1, tail.CountSentBefore(Start.AddTicks(1)));
        Assert.Equal(2, tail.CountSentBefore(Start.AddTicks(11)));
        Assert.Equal(5, tail.CountSentBefore(DateTimeOffset.MaxValue));
    }

    [Fact]
    public void EditsDeletionsRepliesMetadataAndReactionsReadBackAndReplaceInPlace()
    {
        var tail = new MessageTail(4);
        var plain = new StoredMessage("8df4a08e-4f09-8c93-80f0-44c737b06c35", "alice", "plain", Start, 1, 1);
        var rich = new StoredMessage("client/id", "bob", "rich", Start.AddTicks(1), 2, 2,
            EditedAt: Start.AddSeconds(1), ReplyToId: plain.Id, Metadata: new Dictionary<string, string> { ["k"] = "v" },
            Reactions: [new StoredReaction("alice", "👍", Start.AddSeconds(2))]);
        tail.Add(plain);
        tail.Add(rich);

        var edited = plain with { Text = "edited", EditedAt = Start.AddSeconds(3) };
        tail.Replace(tail.IndexOf(plain.Id), edited);
        var read = tail[1];

        Assert.Equal(edited, tail[0]);
        Assert.Equal((rich.Id, rich.Text, rich.EditedAt, rich.ReplyToId, rich.Seq, rich.Ordinal), (read.Id, read.Text, read.EditedAt, read.ReplyToId, read.Seq, read.Ordinal));
        Assert.Equal("v", read.Metadata!["k"]);
        Assert.Equal(rich.Reactions, read.Reactions);
        Assert.Equal(1, tail.IndexOf("client/id"));
    }

    [Fact]
    public void OrdinalsFollowTheNewestAndAreZeroForMessagesFromBeforeOrdinals()
    {
        var tail = new MessageTail(4);
        tail.Add(new StoredMessage("old-1", "alice", "t", Start, 0, 0));
        tail.Add(new StoredMessage("old-2", "alice", "t", Start.AddTicks(1), 0, 0));
        tail.Add(new StoredMessage("new-1", "alice", "t", Start.AddTicks(2), 1, 1));
        tail.Add(new StoredMessage("new-2", "alice", "t", Start.AddTicks(3), 2, 2));
        tail.Add(new StoredMessage("new-3", "alice", "t", Start.AddTicks(4), 3, 3));

        Assert.Equal([0L, 1, 2, 3], Enumerable.Range(0, tail.Count).Select(i => tail[i].Ordinal));
    }
}
