namespace Chats.Tests.MessageLog;

/// <summary>A cluster whose message log store counts transactions and fails them on request.</summary>
public sealed class GroupCommitFixture : AzuriteClusterFixture, IAsyncLifetime
{
    protected override void ConfigureCluster(TestClusterSettings settings) =>
        settings.SiloConfigurators.Add(typeof(InstrumentedMessageLogStore.SiloConfigurator));
}
