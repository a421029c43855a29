using System.Security.Claims;

namespace Chats.Gateway.Authentication;

/// <summary>The authenticated caller of a request, from the claims its authentication scheme set.</summary>
public static class CallerHttpContextExtensions
{
    private static readonly object CallerKey = new();

    public static ApiCaller GetCaller(this HttpContext context)
    {
        if (context.User is CallerPrincipal server)
        {
            return server.Caller;
        }

        if (context.Items.TryGetValue(CallerKey, out var cached) && cached is ApiCaller known)
        {
            return known;
        }

        var caller = FromClaims(context.User) ?? ApiCaller.Anonymous;
        context.Items[CallerKey] = caller;
        return caller;
    }

    /// <summary>The claims a scheme adds for a caller.</summary>
    public static ClaimsIdentity ToIdentity(this ApiCaller caller, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ChatsAuthentication.UserIdClaim, roleType: null);
        identity.AddClaim(new Claim(ChatsAuthentication.TenantClaim, caller.Tenant));
        identity.AddClaim(new Claim(ChatsAuthentication.KeyNameClaim, caller.KeyName));
        if (caller.UserId is { } user)
        {
            identity.AddClaim(new Claim(ChatsAuthentication.UserIdClaim, user));
        }

        return identity;
    }

    private static ApiCaller? FromClaims(ClaimsPrincipal user) =>
        user.FindFirst(ChatsAuthentication.TenantClaim) is { } tenant && user.FindFirst(ChatsAuthentication.KeyNameClaim) is { } key
            ? new ApiCaller(tenant.Value, key.Value, user.FindFirst(ChatsAuthentication.UserIdClaim)?.Value)
            : null;
}
