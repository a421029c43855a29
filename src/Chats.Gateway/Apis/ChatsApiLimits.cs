using System.ComponentModel.DataAnnotations;

namespace Chats.Gateway.Apis;

/// <summary>Request limits of the HTTP API. Bound from <c>Chats:Limits</c>; each may be lowered, not raised past the grains' hard limits.</summary>
public sealed class ChatsApiLimits
{
    public const string Section = "Chats:Limits";

    /// <summary>The largest request body, in bytes.</summary>
    [Range(256, 4 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The longest message text, in characters.</summary>
    [Range(1, ChatLimits.MaxTextLength)]
    public int MaxTextLength { get; set; } = ChatLimits.MaxTextLength;

    /// <summary>The most members a chat may have (and user ids in one CreateChat); a group at it refuses AddMembers.</summary>
    [Range(2, ChatLimits.MaxMembers)]
    public int MaxMembers { get; set; } = ChatLimits.MaxMembers;

    /// <summary>The longest user id, message id or chat id, in characters.</summary>
    [Range(1, ChatLimits.MaxIdLength)]
    public int MaxIdLength { get; set; } = ChatLimits.MaxIdLength;

    /// <summary>The largest ListMessages page; larger limits are capped to it.</summary>
    [Range(1, ChatLimits.MaxPageSize)]
    public int MaxPageSize { get; set; } = ChatLimits.MaxPageSize;

    /// <summary>The page size for a requested <c>limit</c>: unset or ≤ 0 means the default, over the maximum means the maximum.</summary>
    public int PageSize(int? requested) => requested is > 0 and var size ? Math.Min(size, MaxPageSize) : ChatLimits.DefaultPageSize;
}
