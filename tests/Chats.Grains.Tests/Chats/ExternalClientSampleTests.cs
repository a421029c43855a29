using System.Diagnostics;
using System.Globalization;

namespace Chats.Tests.Grains;

/// <summary>The sample in samples/Chats.ExternalClient, run as its own process against the test cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ExternalClientSampleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheExternalClientSampleCallsTheGrainsDirectly()
    {
        var sample = Path.Combine(RepositoryRoot.Path, "samples", "Chats.ExternalClient", "bin", RepositoryRoot.BuildConfiguration, "net10.0", "Chats.ExternalClient.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                sample,
                "--GatewayPort", fixture.Cluster.Primary!.GatewayAddress.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
                "--ServiceId", fixture.Cluster.Options.ServiceId,
                "--ClusterId", fixture.Cluster.Options.ClusterId,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var printed = await stdout;

        Assert.True(process.ExitCode == 0, printed + await stderr);
        var chatId = System.Text.RegularExpressions.Regex.Match(printed, @"^chat (\S+) between", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        var page = await fixture.Client.GetChat(chatId).ListMessagesAsync(new MessagePageQuery(null, 25));
        Assert.Equal(["Hi! Same grains, no HTTP in between.", "Hello from another Orleans service"], page.Messages.Select(message => message.Text));
        Assert.Contains("posted Created, retried Duplicate, replied Created", printed);
        var groupId = System.Text.RegularExpressions.Regex.Match(printed, @"^group (\S+) ", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        var members = await fixture.Client.GetChat(groupId).ListMembersAsync(new MemberPageQuery(null, 100));
        Assert.Equal(["sample-alice", "sample-bob", "sample-carol"], members.Members.Select(member => member.UserId));
        Assert.Contains("added Changed; members sample-alice (owner), sample-bob (member), sample-carol (member)", printed);
    }
}
