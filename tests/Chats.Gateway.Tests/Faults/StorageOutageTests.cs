using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chats.Tests.Faults;

/// <summary>Azurite goes away for ten seconds under HTTP load and comes back: 503s only, nothing acknowledged lost.</summary>
[Trait("Category", "Faults")]
public sealed class StorageOutageTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);
    private const int MaxMessagesPerWriter = 2500;

    [Fact]
    public async Task StorageOutageAnswers503OnlyAndLosesNothingAcknowledged()
    {
        var (azurite, grains) = (fixture.Azurite, fixture.Client);
        var http = fixture.Gateway.CreateClient();
        var chats = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => TestData.NewChatAsync(grains)));
        var ledger = new AckedMessageLedger();
        var replies = new ConcurrentBag<(TimeSpan At, HttpStatusCode Status, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < MaxMessagesPerWriter && !stop.IsCancellationRequested; i++)
            {
                var chat = chats[(writer + i) % chats.Length];
                var body = new { id = $"w{writer}-{i}", chat_id = chat.Id, author_id = chat.UserIds[0], text = $"message {i}" };

                // Retry with the same id until acknowledged: the 503 contract says that is safe.
                while (!stop.IsCancellationRequested)
                {
                    var started = clock.Elapsed;
                    using var response = await http.PostAsJsonAsync("/v1/chats/CreateMessage", body);
                    replies.Add((started, response.StatusCode, clock.Elapsed - started));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        ledger.RecordAck(ToMessage(await response.Content.ReadFromJsonAsync<JsonElement>()));
                        break;
                    }

                    ledger.RecordFailedCall();
                    await Task.Delay(100);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var outageStart = clock.Elapsed;
        await azurite.StopAsync(graceful: true);
        await Task.Delay(Outage, TestContext.Current.CancellationToken);
        await azurite.StartAsync();
        var outageEnd = clock.Elapsed;
        await Task.Delay(RecoveryBound + TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var byStatus = replies.GroupBy(reply => reply.Status).ToDictionary(group => group.Key, group => group.Count());
        var lastFailure = replies.Where(reply => reply.Status != HttpStatusCode.OK).Select(reply => reply.At + reply.Took).DefaultIfEmpty().Max();
        var recovery = lastFailure > outageEnd ? lastFailure - outageEnd : TimeSpan.Zero;
        var slowest503 = replies.Where(reply => reply.Status == HttpStatusCode.ServiceUnavailable).Select(reply => reply.Took).DefaultIfEmpty().Max();
        output.WriteLine($"outage {outageStart.TotalSeconds:F1}s to {outageEnd.TotalSeconds:F1}s; replies by status: " +
            string.Join(", ", byStatus.Select(entry => $"{(int)entry.Key}: {entry.Value}")));
        output.WriteLine($"acknowledged {ledger.Acked}; slowest 503 took {slowest503.TotalMilliseconds:F0} ms; full service {recovery.TotalSeconds:F1}s after storage returned");

        Assert.All(byStatus.Keys, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"status {status}"));
        Assert.True(byStatus.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "the outage produced no 503");
        Assert.True(recovery <= RecoveryBound, $"full service came back {recovery.TotalSeconds:F1}s after storage returned");
        await ledger.AssertAllListedExactlyOnceAsync(grains);
    }

    private static ChatMessage ToMessage(JsonElement reply)
    {
        var message = reply.GetProperty("message");
        return new ChatMessage(
            message.GetProperty("id").GetString()!,
            message.GetProperty("chat_id").GetString()!,
            message.GetProperty("author_id").GetString()!,
            message.GetProperty("text").GetString()!,
            message.GetProperty("sent_at").GetDateTimeOffset(),
            Seq: message.GetProperty("seq").GetInt64());
    }
}
