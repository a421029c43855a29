using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chats.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Chats.Tests.Upgrade;

/// <summary>
/// A store of the last release with one row per message and per event reads back whole over HTTP:
/// every message, event and unread count as that release served them. Its rows are left as they are.
/// </summary>
public sealed class UpgradeFromRowsTests(RowStoreFixture fixture) : IClassFixture<RowStoreFixture>
{
    [Fact]
    public async Task EveryMessageEventAndUnreadCountIsAsTheOldReleaseServedIt()
    {
        Assert.Equal(151, fixture.Chats.Sum(chat => chat.GetProperty("messages").GetArrayLength()));
        foreach (var chat in fixture.Chats)
        {
            var id = chat.GetProperty("id").GetString()!;

            AssertSameJson(chat.GetProperty("messages"), await UpgradedRows.ListAllMessagesAsync(fixture.Http, id, pageSize: 1000));
            AssertSameJson(chat.GetProperty("messages"), await UpgradedRows.ListAllMessagesAsync(fixture.Http, id, pageSize: 7));
            AssertSameJson(chat.GetProperty("events"), await UpgradedRows.ListAllEventsAsync(fixture.Http, id));
            foreach (var unread in chat.GetProperty("unread").EnumerateObject())
            {
                Assert.Equal(unread.Value.GetInt32(), await UpgradedRows.UnreadCountAsync(fixture.Http, unread.Name, id));
            }
        }
    }

    private static void AssertSameJson(JsonElement expected, JsonArray actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.GetRawText()), actual), $"expected {expected.GetRawText()[..Math.Min(400, expected.GetRawText().Length)]}…, got {actual.ToJsonString()[..Math.Min(400, actual.ToJsonString().Length)]}…");
}

/// <summary>
/// On the same kind of store, new writes go to blocks after the old rows: history, events and
/// changes of old messages read across the boundary, and the old rows stay where they were.
/// </summary>
public sealed class UpgradeFromRowsWriteTests(RowStoreFixture fixture) : IClassFixture<RowStoreFixture>
{
    [Fact]
    public async Task NewMessagesGoToBlocksAndEveryReadCrossesFromThemToTheOldRows()
    {
        var chat = fixture.Chats[0];
        var id = chat.GetProperty("id").GetString()!;
        var old = chat.GetProperty("messages").EnumerateArray().Reverse().ToList();
        var oldEvents = chat.GetProperty("events").GetArrayLength();

        var posted = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var reply = await HttpApi.PostAsync(fixture.Http, "/v1/chats/CreateMessage", new { chat_id = id, author_id = "bob", text = $"after the upgrade {i}" });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            posted.Add(reply.Body.GetProperty("message").GetProperty("id").GetString()!);
        }

        var oldOne = old[5].GetProperty("id").GetString()!;
        var edit = await HttpApi.PostAsync(fixture.Http, "/v1/chats/UpdateMessage", new { chat_id = id, id = oldOne, text = "edited after the upgrade", author_id = old[5].GetProperty("author_id").GetString() });
        var reaction = await HttpApi.PostAsync(fixture.Http, "/v1/chats/AddReaction", new { chat_id = id, message_id = oldOne, type = "🚀", user_id = "bob" });

        var listed = (await UpgradedRows.ListAllMessagesAsync(fixture.Http, id, pageSize: 25)).Reverse().ToList();
        var events = await UpgradedRows.ListAllEventsAsync(fixture.Http, id);
        var rows = await RowKeysAsync(id);

        Assert.Equal(HttpStatusCode.OK, edit.Status);
        Assert.Equal(HttpStatusCode.OK, reaction.Status);
        Assert.Equal([.. old.Select(message => message.GetProperty("id").GetString()), .. posted], listed.Select(message => (string?)message!["id"]));
        Assert.Equal("edited after the upgrade", (string?)listed[5]!["text"]);
        Assert.Equal(1, (int?)listed[5]!["reaction_counts"]!["🚀"]);
        Assert.Equal(Enumerable.Range(1, oldEvents + 42).Select(seq => (long)seq), events.Select(e => (long)e!["seq"]!));
        Assert.Equal(["message.updated", "reaction.new"], events.TakeLast(2).Select(e => (string?)e!["type"]));
        Assert.Equal(41, await UpgradedRows.UnreadCountAsync(fixture.Http, "alice", id));

        // The old rows are left; everything after them is in two blocks (seqs 139 to 180), the newest in the header.
        Assert.Equal(130, rows.Count(key => key.StartsWith('k')));
        Assert.Equal(["b0000000000000000004"], rows.Where(key => key.StartsWith('b')));
    }

    private async Task<List<string>> RowKeysAsync(string chatId)
    {
        var silo = fixture.Cluster.GetSiloServiceProvider();
        var table = silo.GetRequiredService<ChatsTableClients>().Service.GetTableClient(silo.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatsStorageOptions>>().Value.MessagesTableName);
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == chatId, select: ["RowKey"], cancellationToken: TestContext.Current.CancellationToken))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }
}

/// <summary>Whole-history reads over HTTP for the upgrade tests.</summary>
internal static class UpgradedRows
{
    /// <summary>Every message, newest first, paged by <c>sent_before</c>.</summary>
    public static async Task<JsonArray> ListAllMessagesAsync(HttpClient client, string chatId, int pageSize)
    {
        var all = new JsonArray();
        for (string? before = null; ;)
        {
            var reply = await HttpApi.PostAsync(client, "/v1/chats/ListMessages", new { chat_id = chatId, limit = pageSize, sent_before = before });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var page = reply.Body.GetProperty("messages");
            if (page.GetArrayLength() == 0)
            {
                return all;
            }

            foreach (var message in page.EnumerateArray())
            {
                all.Add(JsonNode.Parse(message.GetRawText()));
            }

            before = page[page.GetArrayLength() - 1].GetProperty("sent_at").GetString();
        }
    }

    /// <summary>Every event, oldest first.</summary>
    public static async Task<JsonArray> ListAllEventsAsync(HttpClient client, string chatId)
    {
        var all = new JsonArray();
        for (long after = 0; ;)
        {
            var reply = await HttpApi.PostAsync(client, "/v1/chats/ListEvents", new { chat_id = chatId, after_seq = after, limit = 50 });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var page = reply.Body.GetProperty("events");
            if (page.GetArrayLength() == 0)
            {
                return all;
            }

            foreach (var chatEvent in page.EnumerateArray())
            {
                all.Add(JsonNode.Parse(chatEvent.GetRawText()));
            }

            after = page[page.GetArrayLength() - 1].GetProperty("seq").GetInt64();
        }
    }

    public static async Task<int> UnreadCountAsync(HttpClient client, string userId, string chatId)
    {
        var reply = await HttpApi.PostAsync(client, "/v1/chats/ListChats", new { user_id = userId, limit = 100 });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entry = reply.Body.GetProperty("chats").EnumerateArray().Single(item => item.GetProperty("id").GetString() == chatId);
        return entry.TryGetProperty("unread_count", out var count) ? count.GetInt32() : 0;
    }
}
