using System.Net;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Webhooks;

/// <summary>
/// Managing endpoints over HTTP on the collection's gateway with keys: each rule both ways (server
/// keys may, user tokens may not; a tenant sees only its own), and the URLs refused against SSRF.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WebhookManagementTests(ClusterFixture fixture)
{
    private const string LoopbackUrl = "http://127.0.0.1:9/hooks";

    private HttpClient Alpha => ClientWithKey(fixture.KeyedGateway, AlphaKey);

    private HttpClient Beta => ClientWithKey(fixture.KeyedGateway, BetaKey);

    [Fact]
    public async Task AServerKeyManagesItsTenantsEndpointsAndAUserTokenMayNot()
    {
        var user = ClientWithKey(fixture.KeyedGateway, TestTokens.Alpha(TestData.UserId("alice")));

        var created = await PostAsync(Alpha, "/v1/chats/CreateWebhook", new { url = LoopbackUrl, event_types = new[] { "message.new", "member.added" }, description = "push" });
        var id = created.Body.GetProperty("webhook").GetProperty("id").GetString()!;
        try
        {
            var alphaList = await PostAsync(Alpha, "/v1/chats/ListWebhooks", "{}");
            var betaList = await PostAsync(Beta, "/v1/chats/ListWebhooks", "{}");
            var betaDelete = await PostAsync(Beta, "/v1/chats/DeleteWebhook", new { webhook_id = id });
            var updated = await PostAsync(Alpha, "/v1/chats/UpdateWebhook", new { webhook_id = id, event_types = new[] { "message.updated" }, disabled = true });

            Assert.Equal(HttpStatusCode.OK, created.Status);
            var webhook = created.Body.GetProperty("webhook");
            Assert.StartsWith("whsec_", webhook.GetProperty("secret").GetString());
            Assert.Equal(["message.new", "member.added"], webhook.GetProperty("event_types").EnumerateArray().Select(type => type.GetString()));
            Assert.Equal("active", webhook.GetProperty("status").GetString());
            var listed = Assert.Single(alphaList.Body.GetProperty("webhooks").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
            Assert.False(listed.TryGetProperty("secret", out _));
            Assert.DoesNotContain(betaList.Body.GetProperty("webhooks").EnumerateArray(), item => item.GetProperty("id").GetString() == id);
            AssertMicroError(HttpStatusCode.NotFound, "WEBHOOK_NOT_FOUND", betaDelete);
            Assert.Equal("disabled", updated.Body.GetProperty("webhook").GetProperty("status").GetString());
            Assert.Equal(["message.updated"], updated.Body.GetProperty("webhook").GetProperty("event_types").EnumerateArray().Select(type => type.GetString()));
            foreach (var method in new[] { "CreateWebhook", "ListWebhooks", "UpdateWebhook", "DeleteWebhook", "RotateWebhookSecret", "RetryWebhook", "ListWebhookDeliveries", "SetBeforeSendHook", "GetBeforeSendHook" })
            {
                AssertMicroError(HttpStatusCode.Forbidden, "SERVER_KEY_REQUIRED", await PostAsync(user, $"/v1/chats/{method}", new { url = LoopbackUrl, webhook_id = id }));
            }
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Alpha, "/v1/chats/DeleteWebhook", new { webhook_id = id })).Status);
        }

        AssertMicroError(HttpStatusCode.NotFound, "WEBHOOK_NOT_FOUND", await PostAsync(Alpha, "/v1/chats/RotateWebhookSecret", new { webhook_id = id }));
    }

    [Theory]
    [InlineData("http://example.com/hooks", "https://")]
    [InlineData("https://10.1.2.3/hooks", "private")]
    [InlineData("https://192.168.0.10/hooks", "private")]
    [InlineData("https://172.20.0.1/hooks", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "private")]
    [InlineData("https://[fd00::1]/hooks", "private")]
    [InlineData("https://0.0.0.0/hooks", "unicast")]
    [InlineData("ftp://example.com/hooks", "https://")]
    [InlineData("https://user:pass@example.com/hooks", "user info")]
    [InlineData("/relative", "absolute")]
    public async Task AUrlOutsideThePublicInternetOrNotHttpsIsRefused(string url, string reason)
    {
        var refused = await PostAsync(Alpha, "/v1/chats/CreateWebhook", new { url });

        AssertMicroError(HttpStatusCode.BadRequest, "URL_REFUSED", refused);
        Assert.Contains(reason, refused.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task BadFieldsAreA400AndAnUnknownEndpointA404()
    {
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Alpha, "/v1/chats/CreateWebhook", "{}"));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Alpha, "/v1/chats/CreateWebhook", new { url = LoopbackUrl, event_types = new[] { "message.sent" } }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Alpha, "/v1/chats/CreateWebhook", new { url = LoopbackUrl, description = new string('d', 501) }));
        AssertMicroError(HttpStatusCode.BadRequest, "BAD_REQUEST", await PostAsync(Alpha, "/v1/chats/ListWebhookDeliveries", new { webhook_id = "wh_x", status = "lost" }));
        AssertMicroError(HttpStatusCode.NotFound, "WEBHOOK_NOT_FOUND", await PostAsync(Alpha, "/v1/chats/ListWebhookDeliveries", new { webhook_id = "wh_unknown" }));
        AssertMicroError(HttpStatusCode.NotFound, "WEBHOOK_NOT_FOUND", await PostAsync(Alpha, "/v1/chats/UpdateWebhook", new { webhook_id = "wh_unknown", disabled = true }));
        AssertMicroError(HttpStatusCode.NotFound, "WEBHOOK_NOT_FOUND", await PostAsync(Alpha, "/v1/chats/RetryWebhook", new { webhook_id = "wh_unknown" }));
    }

    [Fact]
    public async Task ATenantHasAtMostTenEndpoints()
    {
        var ids = new List<string>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var created = await PostAsync(Beta, "/v1/chats/CreateWebhook", new { url = $"{LoopbackUrl}/{i}" });
                Assert.Equal(HttpStatusCode.OK, created.Status);
                ids.Add(created.Body.GetProperty("webhook").GetProperty("id").GetString()!);
            }

            AssertMicroError(HttpStatusCode.BadRequest, "TOO_MANY_WEBHOOKS", await PostAsync(Beta, "/v1/chats/CreateWebhook", new { url = LoopbackUrl }));
        }
        finally
        {
            foreach (var id in ids)
            {
                await PostAsync(Beta, "/v1/chats/DeleteWebhook", new { webhook_id = id });
            }
        }
    }
}
