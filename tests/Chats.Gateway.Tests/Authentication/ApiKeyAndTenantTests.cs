using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Authentication;

/// <summary>API keys and tenant isolation, through the collection's gateway with keys configured on the shared two-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiKeyAndTenantTests(ClusterFixture fixture)
{
    private GatewayFactory Gateway => fixture.KeyedGateway;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task EveryApiRouteRefusesAMissingOrUnknownKey(string? key)
    {
        var http = ClientWithKey(Gateway, key);
        foreach (var route in new[] { "/v1/chats/CreateChat", "/v1/chats/CreateMessage", "/v1/chats/ListMessages", "/v1/chats/ListChats", "/protobuf/Chats/CreateChat" })
        {
            using var content = new StringContent("""{"user_ids": ["a", "b"]}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(route, content, TestContext.Current.CancellationToken);
            AssertMicroError(HttpStatusCode.Unauthorized, "UNAUTHORIZED", (response.StatusCode, await ReadJsonAsync(response)));
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        using var stream = await http.GetAsync("/v1/chats/Stream?chat_id=x", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
    }

    [Fact]
    public async Task TheRightKeyGetsInAndPagesHealthAndOpenApiStayOpen()
    {
        var reply = await PostAsync(ClientWithKey(Gateway, AlphaKey), "/v1/chats/CreateChat", new { user_ids = new[] { "a", "b" } });
        Assert.Equal(HttpStatusCode.OK, reply.Status);

        var anonymous = ClientWithKey(Gateway, null);
        foreach (var path in new[] { "/", "/openapi/v1.json", "/healthz" })
        {
            using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task TenantBCannotReadPostToStreamOrListTenantAsChatEvenWithItsId()
    {
        var (alpha, beta) = (ClientWithKey(Gateway, AlphaKey), ClientWithKey(Gateway, BetaKey));
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var chatId = (await PostAsync(alpha, "/v1/chats/CreateChat", new { user_ids = new[] { alice, bob } })).Body.GetProperty("chat").GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(alpha, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "alpha only" })).Status);

        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(beta, "/v1/chats/ListMessages", new { chat_id = chatId }));
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(beta, "/v1/chats/CreateMessage", new { chat_id = chatId, author_id = alice, text = "intruder" }));
        using (var sse = await beta.GetAsync($"/v1/chats/Stream?chat_id={chatId}", TestContext.Current.CancellationToken))
        {
            AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", (sse.StatusCode, await ReadJsonAsync(sse)));
        }

        Assert.Equal("NOT_FOUND", await WebSocketRefusalIdAsync(BetaKey, new { chat_id = chatId }));
        Assert.Equal("""{"chats":[]}""", (await PostAsync(beta, "/v1/chats/ListChats", new { user_id = alice })).Body.GetRawText());

        // Nothing leaked the other way either: alpha's chat still has only its own message.
        var messages = (await PostAsync(alpha, "/v1/chats/ListMessages", new { chat_id = chatId })).Body.GetProperty("messages");
        Assert.Equal(["alpha only"], messages.EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        var listed = (await PostAsync(alpha, "/v1/chats/ListChats", new { user_id = alice })).Body.GetProperty("chats");
        Assert.Equal(chatId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task TheSameMembersInTwoTenantsAreTwoChatsAndTheDefaultTenantKeepsExistingData()
    {
        var members = new[] { TestData.UserId("alice"), TestData.UserId("bob") };

        // Written by the open (keyless) gateway before keys were configured: the default tenant's data.
        var existing = await PostAsync(fixture.Gateway.CreateClient(), "/v1/chats/CreateChat", new { user_ids = members });
        var inAlpha = await PostAsync(ClientWithKey(Gateway, AlphaKey), "/v1/chats/CreateChat", new { user_ids = members });
        var inBeta = await PostAsync(ClientWithKey(Gateway, BetaKey), "/v1/chats/CreateChat", new { user_ids = members });
        var inDefault = await PostAsync(ClientWithKey(Gateway, DefaultTenantKey), "/v1/chats/CreateChat", new { user_ids = members });

        string Id((HttpStatusCode, JsonElement Body) reply) => reply.Body.GetProperty("chat").GetProperty("id").GetString()!;
        Assert.Equal(3, new[] { Id(existing), Id(inAlpha), Id(inBeta) }.Distinct().Count());
        Assert.Equal(Id(existing), Id(inDefault));

        // Ids stay plain UUIDs in every tenant: nothing of the tenant scoping shows.
        Assert.All(new[] { Id(inAlpha), Id(inBeta) }, id => Assert.True(Guid.TryParse(id, out _), id));
    }

    [Fact]
    public async Task AChatIdWithControlCharactersNamesNoChat()
    {
        var alpha = ClientWithKey(Gateway, AlphaKey);
        var chatId = (await PostAsync(alpha, "/v1/chats/CreateChat", new { user_ids = new[] { "x", "y" } })).Body.GetProperty("chat").GetProperty("id").GetString()!;

        // What alpha's chat is keyed by inside the cluster, tried from the default tenant.
        var forged = TenantKeys.Scope("alpha", chatId);
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(ClientWithKey(Gateway, DefaultTenantKey), "/v1/chats/ListMessages", new { chat_id = forged }));
        AssertMicroError(HttpStatusCode.NotFound, "NOT_FOUND", await PostAsync(fixture.Gateway.CreateClient(), "/v1/chats/ListMessages", new { chat_id = forged }));
    }

    [Fact]
    public async Task StreamAcceptsTheKeyAsAccessTokenForBrowsers()
    {
        var alpha = ClientWithKey(Gateway, AlphaKey);
        var chatId = (await PostAsync(alpha, "/v1/chats/CreateChat", new { user_ids = new[] { "s1", "s2" } })).Body.GetProperty("chat").GetProperty("id").GetString()!;
        var anonymous = ClientWithKey(Gateway, null);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/chats/Stream?chat_id={chatId}&access_token={AlphaKey}");
        using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Only on Stream (GET): a POST route does not read keys from the query.
        using var content = new StringContent("""{"user_id": "s1"}""", Encoding.UTF8, "application/json");
        using var post = await anonymous.PostAsync($"/v1/chats/ListChats?access_token={AlphaKey}", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    private async Task<string?> WebSocketRefusalIdAsync(string key, object request)
    {
        var client = Gateway.Server.CreateWebSocketClient();
        client.ConfigureRequest = http => http.Headers.Authorization = $"Bearer {key}";
        using var socket = await client.ConnectAsync(new Uri(Gateway.Server.BaseAddress, "v1/chats/Stream"), CancellationToken.None);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var frame = await socket.ReceiveAsync(buffer, timeout.Token);
        return JsonDocument.Parse(buffer.AsMemory(0, frame.Count)).RootElement.GetProperty("id").GetString();
    }
}
