using System.Net;
using System.Text;
using System.Text.Json;

namespace Chats.Tests.Observability;

/// <summary>Every reply, success or error, names its request in <c>X-Request-Id</c>; error bodies carry the same id.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestIdTests(ClusterFixture fixture)
{
    private const string Header = "X-Request-Id";

    private HttpClient Http { get; } = fixture.Gateway.CreateClient();

    [Theory]
    [InlineData("/v1/chats/ListChats", """{"user_id": "nobody"}""", HttpStatusCode.OK)]
    [InlineData("/v1/chats/CreateMessage", """{"chat_id": "x", "author_id": "a"}""", HttpStatusCode.BadRequest)]
    [InlineData("/v1/chats/ListMessages", """{"chat_id": "no-such-chat"}""", HttpStatusCode.NotFound)]
    [InlineData("/v1/chats/NoSuchMethod", "{}", HttpStatusCode.NotFound)]
    [InlineData("/v1/chats/ListMessages", "{", HttpStatusCode.BadRequest)]
    public async Task TheCallersRequestIdIsEchoedInTheHeaderAndInErrorBodies(string path, string body, HttpStatusCode expected)
    {
        var requestId = "req-" + Guid.NewGuid().ToString("N");
        using var response = await SendAsync(path, body, requestId);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues(Header)));
        if (expected != HttpStatusCode.OK)
        {
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal(requestId, error.GetProperty("request_id").GetString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has a space")]
    [InlineData("")]
    public async Task AMissingOrUnusableRequestIdIsReplacedByANewOne(string? callerId)
    {
        using var first = await SendAsync("/v1/chats/CreateMessage", "{}", callerId);
        using var second = await SendAsync("/v1/chats/CreateMessage", "{}", callerId);

        var ids = new[] { first, second }.Select(response => Assert.Single(response.Headers.GetValues(Header))).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
        var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(ids[0], body.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task AnOverlongRequestIdIsReplaced()
    {
        using var response = await SendAsync("/v1/chats/ListChats", """{"user_id": "nobody"}""", new string('r', 129));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues(Header)));
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string body, string? requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, requestId);
        }

        return await Http.SendAsync(request);
    }
}
