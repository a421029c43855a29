using Chats.Gateway.Errors;
using Chats.Gateway.Apis;
using Chats.Gateway.Json;

namespace Chats.Gateway.Model;

/// <summary>CreateChat: <c>{"user_ids": [string]}</c>, canonicalized into a member set.</summary>
public sealed record class CreateChatRequest(IReadOnlyList<string> UserIds)
{
    /// <summary>The canonical member set (sorted, de-duplicated) that owns the chat.</summary>
    internal MemberSet Members { get; init; } = null!;

    public static async ValueTask<CreateChatRequest> BindAsync(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<ChatsApiLimits>>().Value;
        var body = await JsonRequestBody.ReadObjectAsync(context, limits.MaxBodyBytes);
        var userIds = JsonFields.GetStringArray(body, "user_ids", limits.MaxMembers) ?? [];
        foreach (var userId in userIds)
        {
            JsonFields.ValidateId("user_ids", userId, limits.MaxIdLength);
        }

        var members = MemberSet.From(userIds);
        return members.UserIds.Count < 2 ? throw new MicroErrorException(MicroError.MissingUserIds) : new CreateChatRequest(members.UserIds) { Members = members };
    }
}
