using System.Net;
using static Chats.Tests.Apis.HttpApi;
using static Chats.Tests.Authentication.KeyedGateway;

namespace Chats.Tests.Extensions;

/// <summary>Rate limits per key and per user-token user: a burst over the limit gets 429 with Retry-After; other keys and users are unaffected.</summary>
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

    [Fact]
    public async Task EachUserTokenUserHasABucketOfItsOwnSmallerThanAKeys()
    {
        await using var gateway = Create(fixture.Cluster, new Dictionary<string, string?>
        {
            ["Chats:RateLimit:UserBurst"] = "4",
            ["Chats:RateLimit:UserPermitsPerSecond"] = "1",
        });
        var (alice, bob) = (TestData.UserId("alice"), TestData.UserId("bob"));
        var asAlice = ClientWithKey(gateway, TestTokens.Alpha(alice));

        var aliceStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            aliceStatuses.Add((await PostAsync(asAlice, "/v1/chats/ListChats", "{}")).Status);
        }

        var bobStatus = (await PostAsync(ClientWithKey(gateway, TestTokens.Alpha(bob)), "/v1/chats/ListChats", "{}")).Status;
        var keyStatus = (await PostAsync(ClientWithKey(gateway, AlphaKey), "/v1/chats/ListChats", new { user_id = alice })).Status;

        Assert.InRange(aliceStatuses.Count(status => status == HttpStatusCode.OK), 4, 6);
        Assert.Contains(HttpStatusCode.TooManyRequests, aliceStatuses);
        Assert.Equal(HttpStatusCode.OK, bobStatus);
        Assert.Equal(HttpStatusCode.OK, keyStatus);
    }
}
