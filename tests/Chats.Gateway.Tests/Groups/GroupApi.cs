using System.Net;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Groups;

/// <summary>Calls the group routes as the app's users would: each with their own user token, on the alpha tenant.</summary>
internal sealed class GroupApi(GatewayFactory gateway)
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    /// <summary>The app's backend: the alpha server key.</summary>
    public HttpClient Server => ClientWithKey(gateway, AlphaKey);

    public HttpClient As(string userId)
    {
        if (!_clients.TryGetValue(userId, out var client))
        {
            _clients[userId] = client = ClientWithKey(gateway, UserTokens.TestTokens.Alpha(userId));
        }

        return client;
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(string userId, string method, object body) =>
        PostAsync(As(userId), $"/v1/chats/{method}", body);

    /// <summary>A new group owned by <paramref name="owner"/>, with the others as members; its id.</summary>
    public async Task<string> NewGroupAsync(string owner, params string[] others)
    {
        var created = await CallAsync(owner, "CreateChat", new { user_ids = others, distinct = false, name = "team" });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return created.Body.GetProperty("chat").GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> ChatAsync(string userId, string chatId)
    {
        var reply = await CallAsync(userId, "GetChat", new { chat_id = chatId });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body.GetProperty("chat");
    }

    /// <summary>Every member with their role, through ListMembers pages of <paramref name="pageSize"/>.</summary>
    public async Task<Dictionary<string, string>> MembersAsync(string userId, string chatId, int pageSize = 100)
    {
        var members = new Dictionary<string, string>();
        string? after = null;
        while (true)
        {
            var page = await CallAsync(userId, "ListMembers", new { chat_id = chatId, limit = pageSize, after });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            foreach (var member in page.Body.GetProperty("members").EnumerateArray())
            {
                after = member.GetProperty("user_id").GetString()!;
                members.Add(after, member.GetProperty("role").GetString()!);
            }

            if (!page.Body.GetProperty("has_more").GetBoolean())
            {
                return members;
            }
        }
    }

    /// <summary>The chat's events after <paramref name="afterSeq"/>, read by the server key.</summary>
    public async Task<List<JsonElement>> EventsAsync(string chatId, long afterSeq = 0)
    {
        var events = new List<JsonElement>();
        while (true)
        {
            var page = await PostAsync(Server, "/v1/chats/ListEvents", new { chat_id = chatId, after_seq = afterSeq, limit = 100 });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var read = page.Body.GetProperty("events").EnumerateArray().ToList();
            if (read.Count == 0)
            {
                return events;
            }

            events.AddRange(read);
            afterSeq = read[^1].GetProperty("seq").GetInt64();
        }
    }

    public static string[] UserIdsOf(JsonElement memberEvent) =>
        [.. memberEvent.GetProperty("members").GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()!)];
}
