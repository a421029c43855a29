namespace Chats.Tests.Infrastructure;

/// <summary>One Azurite and a two-silo cluster on it, shared by a test collection.</summary>
public sealed class ClusterFixture : AzuriteClusterFixture, IAsyncLifetime;
