using System.Diagnostics;
using System.Net;

namespace Chats.Tests.Observability;

/// <summary>/readyz follows storage: unready while Azurite is stopped, ready again when it returns; /healthz stays up.</summary>
[Trait("Category", "Faults")]
public sealed class ReadinessTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ReadyzGoesUnreadyWhileStorageIsDownAndRecovers()
    {
        var azurite = fixture.Azurite;
        var http = fixture.Gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/readyz"));

        await azurite.StopAsync(graceful: true);
        var unreadyAfter = await WaitForAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/healthz"));

        await azurite.StartAsync();
        var readyAfter = await WaitForAsync(http, HttpStatusCode.OK);
        output.WriteLine($"/readyz: 503 {unreadyAfter.TotalSeconds:0.0} s after Azurite stopped, 200 {readyAfter.TotalSeconds:0.0} s after it returned");
    }

    private static async Task<TimeSpan> WaitForAsync(HttpClient http, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (await StatusAsync(http, "/readyz") != expected)
        {
            Assert.True(clock.Elapsed < Bound, $"/readyz did not answer {(int)expected} within {Bound.TotalSeconds} s");
            await Task.Delay(250);
        }

        return clock.Elapsed;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }
}
