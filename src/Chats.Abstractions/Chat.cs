namespace Chats;

/// <summary>A conversation between a fixed set of users.</summary>
/// <param name="Id">
/// The chat's grain key: a UUID in the default tenant, <c>%01{tenant}%01{UUID}</c> in a tenant (see
/// <see cref="TenantKeys"/>). Pass it to <see cref="ChatsGrainFactoryExtensions.GetChat"/> as it is; the
/// HTTP API shows its tenant-local part (<see cref="TenantKeys.Unscope"/>).
/// </param>
/// <param name="UserIds">The members, sorted ordinally and de-duplicated.</param>
/// <param name="CreatedAt">When the chat was created (UTC).</param>
[GenerateSerializer, Immutable, Alias("chats.chat")]
public sealed record class Chat(string Id, IReadOnlyList<string> UserIds, DateTimeOffset CreatedAt);
