using Orleans.TestingHost;

namespace Chats.Tests.Faults;

/// <summary>Silos leaving under load, gracefully and not: no acknowledged message is lost or doubled.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Faults")]
public sealed class SiloFailureTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Writers = 20;
    private const int Chats = 50;
    private const int MessagesPerWriter = 40;

    [Fact]
    public async Task StoppingOneSiloAndKillingAnotherUnderLoadLosesNoAcknowledgedMessage()
    {
        var cluster = await StartThreeSiloClusterAsync();
        try
        {
            var grains = cluster.Client;
            var chats = await Task.WhenAll(Enumerable.Range(0, Chats).Select(_ => TestData.NewChatAsync(grains)));
            var ledger = new AckedMessageLedger();
            var halfway = new TaskCompletionSource();

            var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < MessagesPerWriter; i++)
                {
                    if (writer == 0 && i == MessagesPerWriter / 2)
                    {
                        halfway.TrySetResult();
                    }

                    var chat = chats[Random.Shared.Next(chats.Length)];
                    await WriteWithRetriesAsync(grains, chat, new NewMessage($"w{writer}-{i}", chat.UserIds[i % 2], $"writer {writer} message {i}"), ledger);
                }
            })).ToList();

            await halfway.Task;
            var secondaries = cluster.SecondarySilos.ToList();
            await cluster.StopSiloAsync(secondaries[0], TestContext.Current.CancellationToken);
            await cluster.KillSiloAsync(secondaries[1], TestContext.Current.CancellationToken);
            await Task.WhenAll(writers);

            output.WriteLine($"acknowledged {ledger.Acked}, failed calls retried {ledger.FailedCalls}, abandoned {ledger.Abandoned}");
            await ledger.AssertAllListedExactlyOnceAsync(grains);
            var after = await grains.GetChat(chats[0].Id).PostMessageAsync(new NewMessage(null, chats[0].UserIds[0], "after the failures"));
            Assert.Equal(PostMessageOutcome.Created, after.Outcome);
            Assert.Equal(0, ledger.Abandoned);
        }
        finally
        {
            await TestClusters.StopAsync(cluster);
        }
    }

    private async Task<TestCluster> StartThreeSiloClusterAsync() =>
        await TestClusters.StartAsync(
            fixture.Azurite,
            silos: 3,
            siloConfigurators: [typeof(FastFailoverSiloConfigurator)],
            clientConfigurators: [typeof(FastFailoverClientConfigurator)]);

    private static async Task WriteWithRetriesAsync(IGrainFactory grains, Chat chat, NewMessage message, AckedMessageLedger ledger)
    {
        // A client that keeps its message id across retries, as api.md asks of clients after an error.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                var result = await grains.GetChat(chat.Id).PostMessageAsync(message);
                ledger.RecordAck(result.Message!);
                return;
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                ledger.RecordFailedCall();
                await Task.Delay(250);
            }
        }

        ledger.RecordAbandoned();
    }
}
