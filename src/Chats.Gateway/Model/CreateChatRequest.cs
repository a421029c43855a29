namespace Chats.Gateway.Model;

/// <summary>CreateChat: <c>{"user_ids": [string]}</c>, canonicalized into a member set.</summary>
public sealed record class CreateChatRequest(IReadOnlyList<string> UserIds) : IApiRequest<CreateChatRequest>
{
    /// <summary>The canonical member set (sorted, de-duplicated) that owns the chat.</summary>
    internal MemberSet Members { get; init; } = null!;

    public static CreateChatRequest Read(RequestFields fields)
    {
        var members = MemberSet.From(fields.IdArray(nameof(UserIds), fields.Limits.MaxMembers) ?? []);
        return members.UserIds.Count < 2 ? throw new MicroErrorException(MicroError.MissingUserIds) : new CreateChatRequest(members.UserIds) { Members = members };
    }
}
