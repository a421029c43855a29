namespace Chats.Gateway.Apis;

/// <summary>
/// Endpoint metadata that marks a route of the chats API (set on the route groups in
/// <see cref="ChatsApi.MapChatsApi"/>): such routes need a key when keys are configured, and are
/// rate limited. Every check reads it from the endpoints, so a route added there is covered.
/// </summary>
public sealed class ChatsApiEndpoint
{
    public static ChatsApiEndpoint Instance { get; } = new();

    private ChatsApiEndpoint()
    {
    }
}
