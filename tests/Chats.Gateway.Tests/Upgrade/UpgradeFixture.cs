using System.Text.Json;

namespace Chats.Tests.Upgrade;

/// <summary>
/// A cluster and keyed gateway of this release started on a copy of <c>tests/fixtures/store-2026-11</c>:
/// an Azurite data folder written by the two releases before Orleans' own grain storage (see
/// <c>tests/fixtures/make_store.sh</c>), and the manifest of every chat and message they acknowledged.
/// </summary>
public sealed class UpgradeFixture : AzuriteClusterFixture, IAsyncLifetime
{
    public const string DefaultKey = "fixture-default-key";
    public const string AcmeKey = "fixture-acme-key";

    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "fixtures", "store-2026-11");

    public GatewayFactory Gateway { get; private set; } = null!;

    public IReadOnlyList<FixtureChat> Chats { get; } = ReadManifest();

    protected override string? SeedDirectory => Path.Combine(Folder, "azurite");

    public HttpClient ClientOf(string tenant) => Tests.Authentication.KeyedGateway.ClientWithKey(Gateway, tenant.Length == 0 ? DefaultKey : AcmeKey);

    // The old releases ran with the default service id, which is part of every grain-state key.
    protected override void ConfigureCluster(TestClusterSettings settings) => settings.ServiceId = "chats";

    protected override Task OnClusterStartedAsync()
    {
        Gateway = new GatewayFactory(Cluster, new Dictionary<string, string?>
        {
            ["Chats:Auth:Keys:0:Sha256"] = Tests.Authentication.KeyedGateway.Sha256Hex(DefaultKey),
            ["Chats:Auth:Keys:1:Sha256"] = Tests.Authentication.KeyedGateway.Sha256Hex(AcmeKey),
            ["Chats:Auth:Keys:1:Tenant"] = "acme",
        });
        return Task.CompletedTask;
    }

    protected override ValueTask OnStoppingAsync() => Gateway.DisposeAsync();

    private static List<FixtureChat> ReadManifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return [.. document.RootElement.GetProperty("chats").EnumerateArray().Select(chat => new FixtureChat(
            chat.GetProperty("tenant").GetString()!,
            chat.GetProperty("id").GetString()!,
            [.. chat.GetProperty("user_ids").EnumerateArray().Select(id => id.GetString()!)],
            [.. chat.GetProperty("messages").EnumerateArray().Select(message => new FixtureMessage(
                message.GetProperty("id").GetString()!,
                message.GetProperty("author_id").GetString()!,
                message.GetProperty("text").GetString()!,
                message.GetProperty("sent_at").GetString()!,
                message.GetProperty("client_id").GetBoolean()))]))];
    }
}

public sealed record class FixtureChat(string Tenant, string Id, IReadOnlyList<string> UserIds, IReadOnlyList<FixtureMessage> Messages);

public sealed record class FixtureMessage(string Id, string AuthorId, string Text, string SentAt, bool ClientId);
