using System.Text.Json;

namespace Chats.Tests.Upgrade;

/// <summary>
/// A cluster and keyed gateway of this release on a copy of <c>tests/fixtures/store-2026-12-rows</c>:
/// an Azurite data folder written by the last release that stored one row per message and per event
/// (see <c>tests/fixtures/make_store_rows.sh</c>), and what that release answered for it.
/// </summary>
public sealed class RowStoreFixture : AzuriteClusterFixture, IAsyncLifetime
{
    public const string Key = "fixture-default-key";

    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "fixtures", "store-2026-12-rows");

    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>Per chat: id, members, and ListMessages, ListEvents and unread counts as the old release served them.</summary>
    public IReadOnlyList<JsonElement> Chats { get; } = ReadManifest();

    public HttpClient Http => Tests.Authentication.KeyedGateway.ClientWithKey(Gateway, Key);

    protected override string? SeedDirectory => Path.Combine(Folder, "azurite");

    // The old release ran with the default service id, which is part of every grain-state key.
    protected override void ConfigureCluster(TestClusterSettings settings) => settings.ServiceId = "chats";

    protected override Task OnClusterStartedAsync()
    {
        Gateway = new GatewayFactory(Cluster, new Dictionary<string, string?>
        {
            ["Chats:Auth:Keys:0:Sha256"] = Tests.Authentication.KeyedGateway.Sha256Hex(Key),
        });
        return Task.CompletedTask;
    }

    protected override ValueTask OnStoppingAsync() => Gateway.DisposeAsync();

    private static List<JsonElement> ReadManifest()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
        return [.. document.RootElement.GetProperty("chats").EnumerateArray().Select(chat => chat.Clone())];
    }
}
