namespace Chats.Tests.Attachments;

/// <summary>
/// Azurite with its blob service, a two-silo cluster whose upload URLs live 3 s and whose unattached
/// uploads are swept after 30 s, and an open gateway in front of it.
/// </summary>
public sealed class AttachmentFixture : AzuriteClusterFixture, IAsyncLifetime
{
    public static readonly TimeSpan UploadUrlLifetime = TimeSpan.FromSeconds(3);

    // Long enough for every other test to attach what it uploads, a silo's failover included.
    public static readonly TimeSpan UnattachedLifetime = TimeSpan.FromSeconds(30);

    public GatewayFactory Gateway { get; private set; } = null!;

    protected override bool WithBlobs => true;

    protected override void ConfigureCluster(TestClusterSettings settings)
    {
        settings.Properties["Chats:Attachments:UploadUrlLifetime"] = UploadUrlLifetime.ToString();
        settings.Properties["Chats:Attachments:UnattachedLifetime"] = UnattachedLifetime.ToString();
        settings.Properties["Chats:Attachments:MaxFileSize"] = "1048576";
    }

    protected override Task OnClusterStartedAsync()
    {
        Gateway = new GatewayFactory(Cluster);
        return Task.CompletedTask;
    }

    protected override async ValueTask OnStoppingAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AttachmentCollection : ICollectionFixture<AttachmentFixture>
{
    public const string Name = nameof(AttachmentCollection);
}
