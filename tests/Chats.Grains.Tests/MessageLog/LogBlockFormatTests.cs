using Chats.MessageLog;
using Chats.MessageLog.TableStorage;

namespace Chats.Tests.MessageLog;

/// <summary>A block's stored bytes: compressed when written, and a block written uncompressed by the release before reads back whole.</summary>
public sealed class LogBlockFormatTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    // SampleBlock() as 2d0cc2f's LogBlock.Encode() stored it (format 1: the body uncompressed).
    private const string FormatOneBlock =
        "AQwCSWQIQXV0aG9ySWQEVGV4dAZTZW50QXQDU2VxB09yZGluYWwITWV0YWRhdGEKUmVhY3Rpb25zMARUeXBlAkF0BlVzZXJJZA5SZWFjdGlvbkNvdW50cwIBAAAAAAAAAAEAqKvPG1HfCGAIAAEDbS0xAQEFYWxpY2UCAQxoZWxsbywgYmxvY2sDAgCoq88bUd8IBAIBAAAAAAAAAAUCAQAAAAAAAAAGAQl7ImsiOiJ2In0HBRUBAAAAA2JvYgTwn5GNANXc0BtR3wgCAAAAAAAAAAIAAAAAAAAAAHYLCAMBAAAACQKAPkTQG1HfCAoBBWFsaWNlAAEDbS0xAQEFYWxpY2UCAQ1oZWxsbywgZWRpdGVkAwIAqKvPG1HfCAQCAQAAAAAAAAAFAgAAAAAAAAAABgEJeyJrIjoidiJ9CwESeyJcdUQ4M0RcdURDNEQiOjF9";

    [Fact]
    public void ABlockOfTheReleaseBeforeReadsBackWhole()
    {
        var block = LogBlock.Decode(0, Convert.FromBase64String(FormatOneBlock));

        AssertIsSample(block);
    }

    [Fact]
    public void ABlockIsStoredCompressedAndReadsBackWhole()
    {
        var encoded = SampleBlock().Encode();

        Assert.Equal(2, encoded[0]);
        AssertIsSample(LogBlock.Decode(0, encoded));
    }

    [Fact]
    public void AFullBlockOfChatTextTakesLessThanHalfItsEntries()
    {
        var block = LogBlock.Empty(3);
        var words = "see you at the station tomorrow, the train is late again and I am getting coffee first".Split(' ');
        for (var seq = 97; seq <= 128; seq++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 8 + (seq % 9)).Select(i => words[((seq * 7) + (i * 3)) % words.Length]));
            var message = new StoredMessage(Guid.NewGuid().ToString("N"), $"user-{seq % 5}", text, SentAt.AddSeconds(seq), seq, seq);
            Assert.True(block.Put(seq, isMessage: true, MessageEntities.Message("p", message), message.SentAt.UtcTicks));
        }

        var packed = block.Entries.Sum(entry => entry.Value.Packed!.Length);
        var encoded = block.Encode();

        Assert.InRange(encoded.Length, 1, packed / 2);
        Assert.Equal(32, LogBlock.Decode(3, encoded).Entries.Count());
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9, 1, 2 })]
    [InlineData(new byte[] { 2, 0x80, 0x80, 0x80, 0x80, 0x07, 1 })]
    [InlineData(new byte[] { 2, 20, 1, 2, 3 })]
    public void ADamagedBlockIsInvalidData(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => LogBlock.Decode(0, bytes));

    private static LogBlock SampleBlock()
    {
        var block = LogBlock.Empty(0);
        var message = new StoredMessage("m-1", "alice", "hello, block", SentAt, 1, 1,
            Metadata: new Dictionary<string, string> { ["k"] = "v" }, Reactions: [new StoredReaction("bob", "👍", SentAt.AddSeconds(2))]);
        block.Put(1, isMessage: true, MessageEntities.Message("p", message), SentAt.UtcTicks);
        var edit = new ChatEvent(ChatEventType.MessageUpdated, 2, "chat", SentAt.AddSeconds(1), "alice", (message with { Text = "hello, edited" }).ToMessage("chat"));
        block.Put(2, isMessage: false, MessageEntities.Event("p", edit), 0);
        return block;
    }

    private static void AssertIsSample(LogBlock block)
    {
        Assert.Equal([1L, 2L], block.Entries.Select(entry => entry.Key));
        Assert.True(block.TryGet(1, out var first));
        var message = MessageEntities.ToMessage(block.Unpack(first, "p", "m"));
        Assert.Equal(("m-1", "alice", "hello, block", SentAt, 1L), (message.Id, message.AuthorId, message.Text, message.SentAt, message.Seq));
        Assert.Equal("v", message.Metadata!["k"]);
        Assert.Equal(("bob", "👍"), (message.Reactions![0].UserId, message.Reactions[0].Type));
        Assert.True(block.TryGet(2, out var second));
        var edit = MessageEntities.ToEvent("chat", block.Unpack(second, "p", RowKeys.Event(2)));
        Assert.Equal((ChatEventType.MessageUpdated, "hello, edited", 1), (edit.Type, edit.Message!.Text, edit.Message.Details!.ReactionCounts!["👍"]));
    }
}
