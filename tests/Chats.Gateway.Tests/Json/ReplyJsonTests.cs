using System.Text.Json;
using Chats.Gateway.Json;
using Chats.Gateway.Model;

namespace Chats.Tests.Json;

/// <summary>How replies are written: the timestamp format, and the same bytes whichever way System.Text.Json takes.</summary>
public sealed class ReplyJsonTests
{
    [Fact]
    public void ATimestampIsWrittenInUtcWithSevenFractionalDigits()
    {
        var local = new DateTimeOffset(2026, 11, 26, 10, 40, 12, TimeSpan.FromHours(2)).AddTicks(1234500);

        var json = JsonSerializer.Serialize(new ReactionResponse(new ReactionDto("m", "u", "👍", local)), ChatsJsonContext.Default.ReactionResponse);

        Assert.Contains("\"created_at\":\"2026-11-26T08:40:12.1234500Z\"", json, StringComparison.Ordinal);
        Assert.Equal("2026-11-26T08:40:12.1234500Z", new UtcTimestamp(local).ToString());
    }

    [Fact]
    public void TheGeneratedSerializerWritesWhatTheMetadataPathWrites()
    {
        // JsonReply writes synchronously (the generated code); anything else walks the metadata: a
        // reply must not depend on which ran. The reflection-based options give the metadata path.
        var message = new MessageDto("id-1", "alice", "chat-1", "<b>hé</b> \"quoted\"", DateTimeOffset.UnixEpoch.AddTicks(7), DateTimeOffset.UnixEpoch, null, "id-0",
            new Dictionary<string, string> { ["k"] = "v" }, new Dictionary<string, int> { ["👍"] = 2 }, ["👍"], 42);
        var reply = new ListMessagesResponse([message, message with { Seq = 0, Metadata = null }]);
        var metadataPath = new JsonSerializerOptions(ChatsJsonContext.Default.Options) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

        Assert.Equal(JsonSerializer.Serialize(reply, metadataPath), JsonSerializer.Serialize(reply, ChatsJsonContext.Default.ListMessagesResponse));
    }
}
