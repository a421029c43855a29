namespace Chats;

/// <summary>
/// A member's role. In a group the owner sets roles and may pass ownership; the owner and admins add,
/// remove and rename. Every member of a distinct chat is a <see cref="Member"/>.
/// </summary>
[GenerateSerializer, Alias("chats.chat-role")]
public enum ChatRole
{
    Member = 0,
    Admin = 1,
    Owner = 2,
}

/// <summary>The names roles have in the API.</summary>
public static class ChatRoles
{
    public static string NameOf(ChatRole role) => role switch
    {
        ChatRole.Member => "member",
        ChatRole.Admin => "admin",
        ChatRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? name, out ChatRole role)
    {
        (var known, role) = name switch
        {
            "member" => (true, ChatRole.Member),
            "admin" => (true, ChatRole.Admin),
            "owner" => (true, ChatRole.Owner),
            _ => (false, ChatRole.Member),
        };
        return known;
    }
}

/// <summary>One member of a chat: their role and when they joined (a distinct chat's members joined at its creation).</summary>
[GenerateSerializer, Immutable, Alias("chats.chat-member")]
public sealed record class ChatMember(string UserId, ChatRole Role, DateTimeOffset JoinedAt);

/// <summary>A page of members, ordered by user id, after <paramref name="After"/> (null: from the first).</summary>
/// <param name="ReaderId">When set, served only if this user is a member.</param>
[GenerateSerializer, Immutable, Alias("chats.member-page-query")]
public sealed record class MemberPageQuery(string? After, int Limit, string? ReaderId = null);

/// <summary>One page of members, ordered by user id; <paramref name="HasMore"/> when more follow the last.</summary>
[GenerateSerializer, Immutable, Alias("chats.member-page")]
public sealed record class MemberPage(bool ChatFound, IReadOnlyList<ChatMember> Members, bool HasMore, bool ReaderNotAMember = false)
{
    public static MemberPage NotFound { get; } = new(false, [], false);

    public static MemberPage NotAMember { get; } = new(true, [], false, ReaderNotAMember: true);
}

/// <summary>
/// Users to add to or remove from a group, by <paramref name="ActorId"/> (null: the service, which may
/// do anything). <paramref name="MaxMembers"/> is the most members the group may then have.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.membership-change")]
public sealed record class MembershipChange(string? ActorId, IReadOnlyList<string> UserIds, int MaxMembers = ChatLimits.MaxMembers);

/// <summary>A role to give a member of a group, by <paramref name="ActorId"/> (null: the service). Making another member owner passes ownership.</summary>
[GenerateSerializer, Immutable, Alias("chats.role-change")]
public sealed record class RoleChange(string? ActorId, string UserId, ChatRole Role);

/// <summary>A new name and/or metadata for a chat (null: unchanged; empty: cleared), by <paramref name="ActorId"/> (null: the service).</summary>
[GenerateSerializer, Immutable, Alias("chats.chat-update")]
public sealed record class ChatUpdate(string? ActorId, string? Name, IReadOnlyDictionary<string, string>? Metadata);

/// <summary>How a change of a chat's members, roles, name or metadata ended, with the chat as it now is.</summary>
[GenerateSerializer, Immutable, Alias("chats.chat-change-result")]
public sealed record class ChatChangeResult(ChangeOutcome Outcome, Chat? Chat = null);
