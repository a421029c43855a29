namespace Chats.Gateway.Authentication;

/// <summary>The names of the authentication schemes, claims and policy of the API.</summary>
public static class ChatsAuthentication
{
    /// <summary>
    /// The default scheme: server keys (Chats:Auth:Keys), and the open service when nothing is configured;
    /// it forwards a credential shaped like a JWT to <see cref="UserTokenScheme"/> or its tenant's OIDC scheme.
    /// </summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>User tokens signed with a tenant's own secrets (HS256).</summary>
    public const string UserTokenScheme = "UserToken";

    /// <summary>User tokens of a tenant's OpenID Connect provider: this prefix and the tenant's configured name.</summary>
    public const string OidcSchemePrefix = "Oidc:";

    /// <summary>The policy every API route group requires: an authenticated caller.</summary>
    public const string ApiPolicy = "ChatsApi";

    /// <summary>The policy of the routes only an app's backend may call: a server key (or the open service), not a user token.</summary>
    public const string ServerKeyPolicy = "ChatsServerKey";

    public const string TenantClaim = "chats_tenant";
    public const string KeyNameClaim = "chats_key";
    public const string UserIdClaim = "chats_user";
}
