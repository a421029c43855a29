using System.Collections.Immutable;

namespace Chats.Members;

/// <summary>
/// Who is in a chat and what it is called: its members with their roles and when they joined, its
/// name and metadata, and whether it is a group. Immutable: a change makes a new roster, which the
/// log stores with the change's events (a distinct chat without a name keeps none; its members are
/// fixed in its state).
/// </summary>
internal sealed class ChatRoster
{
    private string[]? _memberIds;
    private string? _ownerId;
    private bool _ownerFound;

    public ChatRoster(bool isGroup, string? name, IReadOnlyDictionary<string, string>? metadata, ImmutableDictionary<string, RosterEntry> members)
    {
        IsGroup = isGroup;
        Name = string.IsNullOrEmpty(name) ? null : name;
        Metadata = metadata is { Count: > 0 } ? metadata : null;
        Members = members;
    }

    public static ImmutableDictionary<string, RosterEntry> NoMembers { get; } = ImmutableDictionary.Create<string, RosterEntry>(StringComparer.Ordinal);

    public bool IsGroup { get; }

    public string? Name { get; }

    public IReadOnlyDictionary<string, string>? Metadata { get; }

    public ImmutableDictionary<string, RosterEntry> Members { get; }

    public int Count => Members.Count;

    /// <summary>The members, longest-standing first (join seq, then user id).</summary>
    public IReadOnlyList<string> MemberIds => _memberIds ??= [.. Members
        .OrderBy(member => member.Value.JoinedSeq)
        .ThenBy(member => member.Value.JoinedAt)
        .ThenBy(member => member.Key, StringComparer.Ordinal)
        .Select(member => member.Key)];

    public string? OwnerId
    {
        get
        {
            if (!_ownerFound)
            {
                _ownerId = Members.FirstOrDefault(member => member.Value.Role == ChatRole.Owner).Key;
                _ownerFound = true;
            }

            return _ownerId;
        }
    }

    /// <summary>A distinct chat's roster from its fixed members, who all joined when it was created.</summary>
    public static ChatRoster Fixed(IReadOnlyList<string> userIds, DateTimeOffset createdAt) =>
        new(false, null, null, NoMembers.AddRange(userIds.Select(id => KeyValuePair.Create(id, new RosterEntry(ChatRole.Member, createdAt, 0)))));

    /// <summary>A new chat's roster: a group's owner has that role, everyone else is a member.</summary>
    public static ChatRoster Create(NewChat chat, DateTimeOffset now) => new(chat.IsGroup, chat.Name, chat.Metadata, NoMembers.AddRange(chat.UserIds.Distinct(StringComparer.Ordinal)
        .Select(id => KeyValuePair.Create(id, new RosterEntry(chat.IsGroup && id == chat.OwnerId ? ChatRole.Owner : ChatRole.Member, now, 0)))));

    public bool Contains(string userId) => Members.ContainsKey(userId);

    public ChatRole? RoleOf(string userId) => Members.TryGetValue(userId, out var entry) ? entry.Role : null;

    public ChatRoster WithMembers(ImmutableDictionary<string, RosterEntry> members) => new(IsGroup, Name, Metadata, members);

    public ChatRoster WithProfile(string? name, IReadOnlyDictionary<string, string>? metadata) => new(IsGroup, name, metadata, Members);

    /// <summary>The member who takes over from a leaving owner: the longest-standing admin, else member; null if none is left.</summary>
    public string? Successor() =>
        MemberIds.FirstOrDefault(id => Members[id].Role == ChatRole.Admin) ?? MemberIds.FirstOrDefault(id => Members[id].Role != ChatRole.Owner);

    public ChatMember ToMember(string userId) => new(userId, Members[userId].Role, Members[userId].JoinedAt);

    /// <summary>The chat as callers see it: a group shows its first members, a distinct chat all of them (sorted).</summary>
    public Chat ToChat(string chatKey, DateTimeOffset createdAt, IReadOnlyList<string> fixedUserIds) => new(
        chatKey,
        IsGroup ? [.. MemberIds.Take(ChatLimits.MemberPreviewCount)] : fixedUserIds,
        createdAt,
        Name,
        Metadata,
        IsGroup,
        IsGroup ? OwnerId : null,
        Count);

    /// <summary>Members ordered by user id, after <paramref name="after"/>.</summary>
    public MemberPage Page(string? after, int limit)
    {
        var ordered = Members.Keys.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Order(StringComparer.Ordinal).Take(limit + 1).ToList();
        var hasMore = ordered.Count > limit;
        return new MemberPage(true, [.. ordered.Take(limit).Select(ToMember)], hasMore);
    }
}

/// <summary>A member's role, and when they joined: the time, and the seq of the event that added them (0: at creation).</summary>
internal readonly record struct RosterEntry(ChatRole Role, DateTimeOffset JoinedAt, long JoinedSeq);
