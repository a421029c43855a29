using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>Who a member.* event is about: added, removed, or given <c>role</c>.</summary>
public sealed record class MembersDto(IReadOnlyList<string> UserIds, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role)
{
    public static MembersDto From(MemberChange change) => new(change.UserIds, change.Role is { } role ? ChatRoles.NameOf(role) : null);
}
