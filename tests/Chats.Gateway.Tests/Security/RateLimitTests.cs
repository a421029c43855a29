using System.Net;
using static Chats.Tests.Gateway.HttpApi;
using static Chats.Tests.Security.KeyedGateway;

namespace Chats.Tests.Security;

/// <summary>Per-key rate limits: a burst over the limit gets 429 with Retry-After; other keys are unaffected.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RateLimitTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ABurstOverTheLimitIsRefusedWithRetryAfterWhileOtherKeysCarryOn()
    {
        const int burst = 5;
        await using var gateway = Create(fixture.Cluster, new Dictionary<string, string?>
        {
            ["Chats:RateLimit:Burst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Chats:RateLimit:PermitsPerSecond"] = "1",
        });
        var (alpha, beta) = (ClientWithKey(gateway, AlphaKey), ClientWithKey(gateway, BetaKey));

        var alphaReplies = new List<HttpResponseMessage>();
        for (var i = 0; i < 3 * burst; i++)
        {
            alphaReplies.Add(await alpha.PostAsync("/v1/chats/ListChats", new StringContent("""{"user_id": "u"}"""), TestContext.Current.CancellationToken));
        }

        var refused = alphaReplies.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(alphaReplies.Count(r => r.StatusCode == HttpStatusCode.OK), burst, burst + 2); // plus what refilled meanwhile
        Assert.NotEmpty(refused);
        Assert.Equal(3 * burst, alphaReplies.Count(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
        foreach (var reply in refused)
        {
            var retryAfter = Assert.Single(reply.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            AssertMicroError(HttpStatusCode.TooManyRequests, "TOO_MANY_REQUESTS", (reply.StatusCode, await ReadJsonAsync(reply)));
        }

        // Beta has a bucket of its own.
        for (var i = 0; i < burst; i++)
        {
            var reply = await PostAsync(beta, "/v1/chats/ListChats", new { user_id = "u" });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
        }

        alphaReplies.ForEach(r => r.Dispose());
    }
}
