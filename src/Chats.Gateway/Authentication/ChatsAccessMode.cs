namespace Chats.Gateway.Authentication;

/// <summary>Whether the service is open: no server keys and no tenants that accept user tokens are configured.</summary>
public sealed class ChatsAccessMode(IOptions<ApiKeyOptions> keys, IOptions<UserTokenOptions> tokens)
{
    public bool IsOpen { get; } = keys.Value.Keys.Count == 0 && tokens.Value.Tenants.Count == 0;
}
