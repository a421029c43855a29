using System.Net;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Apis;

/// <summary>ListChats over HTTP: a user's chats, most recent activity first, paged with <c>before</c>.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ListChatsTests(ClusterFixture fixture)
{
    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Theory]
    [InlineData("/v1/chats")]
    [InlineData("/protobuf/Chats")]
    public async Task AUserWithNoChatsGetsAnEmptyList(string prefix)
    {
        var reply = await PostAsync(Http, $"{prefix}/ListChats", new { user_id = TestData.UserId("nobody") });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("""{"chats":[]}""", reply.Body.GetRawText());
    }

    [Fact]
    public async Task ChatsAreOrderedByLastActivityAndAMessageMovesItsChatToTheTop()
    {
        var user = TestData.UserId("user");
        var first = await CreateChatAsync(user, TestData.UserId("a"));
        var second = await CreateChatAsync(user, TestData.UserId("b"));
        var third = await CreateChatAsync(user, TestData.UserId("c"));
        Assert.Equal([third, second, first], await ListIdsAsync(user));

        var sent = await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = first, author_id = user, text = "bump" });
        var listed = await PostAsync(Http, "/v1/chats/ListChats", new { user_id = user });

        // Read-your-writes: the author's next listing already shows the new activity.
        var chats = listed.Body.GetProperty("chats").EnumerateArray().ToList();
        Assert.Equal([first, third, second], chats.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(sent.Body.GetProperty("message").GetProperty("sent_at").GetString(), chats[0].GetProperty("last_message_at").GetString());
        Assert.Equal(["created_at", "id", "last_message", "last_message_at", "last_read_at", "last_seq", "unread_count", "user_ids"], Names(chats[0]));
        Assert.Equal(["created_at", "id", "last_seq", "unread_count", "user_ids"], Names(chats[1]));
        Assert.Equal("bump", chats[0].GetProperty("last_message").GetProperty("text").GetString());
        Assert.Equal(0, chats[0].GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task PagingWithBeforeVisitsEveryChatOnceInOrder()
    {
        var user = TestData.UserId("pager");
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await CreateChatAsync(user, TestData.UserId($"peer{i}")));
        }

        // Messages in an order unlike the creation order.
        foreach (var index in new[] { 4, 1, 6 })
        {
            await PostAsync(Http, "/v1/chats/CreateMessage", new { chat_id = created[index], author_id = user, text = "hi" });
        }

        var expected = new[] { created[6], created[1], created[4], created[5], created[3], created[2], created[0] };
        var paged = new List<string>();
        string? before = null;
        while (true)
        {
            var reply = await PostAsync(Http, "/v1/chats/ListChats", before is null ? new { user_id = user, limit = 3 } : (object)new { user_id = user, limit = 3, before });
            var page = reply.Body.GetProperty("chats").EnumerateArray().ToList();
            Assert.True(page.Count <= 3);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page.Select(c => c.GetProperty("id").GetString()!));
            before = LastActivity(page[^1]);
        }

        Assert.Equal(expected, paged);
    }

    [Fact]
    public async Task EveryMemberListsTheChat()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var chatId = await CreateChatAsync(alice, bob, carol);

        foreach (var member in new[] { alice, bob, carol })
        {
            Assert.Equal([chatId], await ListIdsAsync(member));
        }
    }

    [Fact]
    public async Task AMemberOfABigGroupGetsEveryMemberListed()
    {
        var members = Enumerable.Range(0, 1000).Select(i => TestData.UserId($"m{i}")).ToArray();
        var chatId = await CreateChatAsync(members);
        var member = members[500];

        var reply = await PostAsync(Http, "/v1/chats/ListChats", new { user_id = member });
        var listed = Assert.Single(reply.Body.GetProperty("chats").EnumerateArray());
        Assert.Equal(chatId, listed.GetProperty("id").GetString());
        Assert.Equal(members.Order(StringComparer.Ordinal), listed.GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()));

    }

    [Theory]
    [InlineData("{}", "MISSING_USER_ID")]
    [InlineData("""{"user_id": ""}""", "MISSING_USER_ID")]
    [InlineData("""{"user_id": 5}""", "BAD_REQUEST")]
    [InlineData("""{"user_id": "a", "before": "yesterday"}""", "BAD_REQUEST")]
    [InlineData("""{"user_id": "a", "limit": "many"}""", "BAD_REQUEST")]
    [InlineData("""{"user_id": "a\u0000b"}""", "BAD_REQUEST")]
    public async Task BadListChatsRequestsAreMicroErrors(string body, string id)
    {
        AssertMicroError(HttpStatusCode.BadRequest, id, await PostAsync(Http, "/v1/chats/ListChats", body));
    }

    private static string LastActivity(JsonElement chat) =>
        (chat.TryGetProperty("last_message_at", out var at) ? at : chat.GetProperty("created_at")).GetString()!;

    private async Task<string> CreateChatAsync(params string[] userIds)
    {
        var reply = await PostAsync(Http, "/v1/chats/CreateChat", new { user_ids = userIds });
        return reply.Body.GetProperty("chat").GetProperty("id").GetString()!;
    }

    private async Task<List<string>> ListIdsAsync(string userId)
    {
        var reply = await PostAsync(Http, "/v1/chats/ListChats", new { user_id = userId });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Body.GetProperty("chats").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];
    }
}
