using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Attachments;

/// <summary>
/// Attachments with user tokens, on the collection's gateway with keys (tenant alpha): a token uploads,
/// attaches and reads only as its user, and reads with <c>access_token</c> in the query as a browser's
/// <c>&lt;img src&gt;</c> does; each rule both ways.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AttachmentUserTokenTests(ClusterFixture fixture)
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Fact]
    public async Task AUserTokenUploadsAttachesAndReadsAsItsUserOnly()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var asAlice = new AttachmentClient(Client(TestTokens.Alpha(alice)));
        var chat = await asAlice.OkAsync("CreateChat", new { user_ids = new[] { alice, bob } });
        var chatId = chat.GetProperty("chat").GetProperty("id").GetString()!;
        var png = AttachmentClient.Png(2, 3);

        var forBob = await asAlice.CreateUploadAsync(chatId, bob, "a.png", "image/png", png.Length);
        var upload = await asAlice.UploadAsync(chatId, alice, "a.png", "image/png", png);
        var bobsAttach = await PostAsync(Client(TestTokens.Alpha(bob)), "/v1/chats/CreateMessage", new { chat_id = chatId, text = "mine?", attachments = new[] { upload.Id } });
        var alicesAttach = await PostAsync(asAlice.Gateway, "/v1/chats/CreateMessage", new { chat_id = chatId, attachments = new[] { upload.Id } });
        var bobsRead = await ReadAsync(chatId, upload.Id, TestTokens.Alpha(bob), bob);
        var carolsRead = await ReadAsync(chatId, upload.Id, TestTokens.Alpha(carol), carol);
        var bobAsCarol = await ReadAsync(chatId, upload.Id, TestTokens.Alpha(bob), carol);
        var otherTenant = await ReadAsync(chatId, upload.Id, TestTokens.Sign(BetaSecret, "beta-1", "chats:beta", bob), bob);
        var noCredential = await ReadAsync(chatId, upload.Id, null, bob);

        AssertMicroError(HttpStatusCode.Forbidden, "USER_MISMATCH", forBob);
        AssertMicroError(HttpStatusCode.BadRequest, "ATTACHMENT_REFUSED", bobsAttach);
        Assert.Equal(HttpStatusCode.OK, alicesAttach.Status);
        Assert.Equal("", alicesAttach.Body.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Redirect, bobsRead.StatusCode);
        Assert.Equal(png, (await AttachmentClient.ReadAsync(bobsRead.Headers.Location!.ToString())).Body);
        Assert.Equal(HttpStatusCode.Forbidden, carolsRead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bobAsCarol.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noCredential.StatusCode);
    }

    private HttpClient Client(string token)
    {
        var http = fixture.KeyedGateway.CreateClient(NoRedirects);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // The credential in the query string, as an <img src> sends it.
    private async Task<HttpResponseMessage> ReadAsync(string chatId, string id, string? token, string userId)
    {
        var http = fixture.KeyedGateway.CreateClient(NoRedirects);
        var query = $"chat_id={Uri.EscapeDataString(chatId)}&id={id}&user_id={Uri.EscapeDataString(userId)}" + (token is null ? "" : $"&access_token={token}");
        return await http.GetAsync("/v1/chats/Attachment?" + query);
    }
}
