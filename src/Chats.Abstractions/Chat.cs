namespace Chats;

/// <summary>A conversation: a distinct chat between a fixed set of users, or a group whose members change.</summary>
/// <param name="Id">
/// The chat's grain key: a UUID in the default tenant, <c>%01{tenant}%01{UUID}</c> in a tenant (see
/// <see cref="TenantKeys"/>). Pass it to <see cref="ChatsGrainFactoryExtensions.GetChat"/> as it is; the
/// HTTP API shows its tenant-local part (<see cref="TenantKeys.Unscope"/>).
/// </param>
/// <param name="UserIds">
/// A distinct chat's members, sorted ordinally; a group's first <see cref="ChatLimits.MemberPreviewCount"/>
/// members by join order (all of them: <see cref="IChatGrain.ListMembersAsync"/>).
/// </param>
/// <param name="CreatedAt">When the chat was created (UTC).</param>
/// <param name="Name">The chat's name; null if it has none.</param>
/// <param name="Metadata">The chat's metadata (description, image URL, app data); null if it has none.</param>
/// <param name="IsGroup">A group (members change, roles decide who may change them) rather than a distinct chat.</param>
/// <param name="OwnerId">A group's owner; null for a distinct chat, or a group that everyone left.</param>
/// <param name="MemberCount">How many members the chat has.</param>
[GenerateSerializer, Immutable, Alias("chats.chat")]
public sealed record class Chat(
    string Id,
    IReadOnlyList<string> UserIds,
    DateTimeOffset CreatedAt,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    bool IsGroup = false,
    string? OwnerId = null,
    int MemberCount = 0);

/// <summary>What a new chat is: its first members and, optionally, its name and metadata.</summary>
/// <param name="UserIds">The members; for a distinct chat sorted and de-duplicated (<see cref="MemberSet"/>).</param>
/// <param name="IsGroup">A group: always a new chat, whose members may change.</param>
/// <param name="OwnerId">A group's owner (one of <paramref name="UserIds"/>).</param>
[GenerateSerializer, Immutable, Alias("chats.new-chat")]
public sealed record class NewChat(
    IReadOnlyList<string> UserIds,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    bool IsGroup = false,
    string? OwnerId = null);
