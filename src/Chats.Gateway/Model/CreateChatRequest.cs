namespace Chats.Gateway.Model;

/// <summary>
/// CreateChat: <c>{"user_ids", "name"?, "metadata"?, "distinct"?, "owner_id"?}</c>. A distinct chat (the
/// default) is the one chat of its member set, found again by the same set; a group
/// (<c>distinct: false</c>) is always new, owned by the token's user or, with a server key, by
/// <c>owner_id</c> or else the first of <c>user_ids</c>.
/// </summary>
public sealed record class CreateChatRequest(
    IReadOnlyList<string> UserIds,
    string? Name = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    [property: OptionalInApi] bool Distinct = true,
    string? OwnerId = null) : IApiRequest<CreateChatRequest>
{
    /// <summary>A distinct chat's canonical member set (sorted, de-duplicated), which owns it; null for a group.</summary>
    internal MemberSet? Members { get; init; }

    public static CreateChatRequest Read(RequestFields fields)
    {
        var userIds = fields.IdArray(nameof(UserIds), fields.Limits.MaxMembers) ?? [];
        var name = fields.ChatName(nameof(Name));
        var metadata = fields.Metadata(nameof(Metadata));
        var distinct = fields.Boolean(nameof(Distinct)) ?? true;
        if (distinct)
        {
            if (fields.String(nameof(OwnerId)) is { Length: > 0 })
            {
                throw new MicroErrorException(MicroError.BadRequest("owner_id: only a group (distinct: false) has an owner"));
            }

            var members = MemberSet.From(userIds);
            return members.UserIds.Count < 2
                ? throw new MicroErrorException(MicroError.MissingUserIds)
                : new CreateChatRequest(members.UserIds, name, metadata) { Members = members };
        }

        // The owner first, then the others in the order given.
        // Empty ids name nobody and are ignored, as in a distinct chat's member set.
        var named = userIds.Where(id => id.Length > 0).ToList();
        var owner = fields.OptionalActingUser(nameof(OwnerId), MicroError.UserMismatch) is { Length: > 0 } acting ? acting : named.FirstOrDefault()
            ?? throw new MicroErrorException(MicroError.MissingUserIds);
        List<string> group = [owner, .. named.Where(id => id != owner).Distinct(StringComparer.Ordinal)];
        if (group.Count > fields.Limits.MaxMembers)
        {
            throw new MicroErrorException(MicroError.TooManyMembers(fields.Limits.MaxMembers));
        }

        return new CreateChatRequest(group, name, metadata, Distinct: false, owner);
    }

    /// <summary>The chat to create, as the grains take it.</summary>
    internal NewChat ToNewChat() => new(UserIds, Name is { Length: > 0 } ? Name : null, Metadata is { Count: > 0 } ? Metadata : null, IsGroup: !Distinct, OwnerId);
}
