namespace Chats;

/// <summary>Hard limits every caller of the grains must respect; the gateway's configurable limits sit at or below them.</summary>
public static class ChatLimits
{
    /// <summary>The page size used when a caller sets none.</summary>
    public const int DefaultPageSize = 25;

    /// <summary>The largest page a single <see cref="IChatGrain.ListMessagesAsync"/> call returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The longest user id or message id, in UTF-16 code units.</summary>
    public const int MaxIdLength = 256;

    /// <summary>The longest message text, in UTF-16 code units.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The most members a chat may have.</summary>
    public const int MaxMembers = 1000;
}
