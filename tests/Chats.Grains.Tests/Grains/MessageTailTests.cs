using Chats.MessageLog;

namespace Chats.Tests.Grains;

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
}
