using System.Security.Claims;

namespace Chats.Gateway.Authentication;

/// <summary>
/// The principal of a server key (or of the open service): its claims, and the <see cref="ApiCaller"/>
/// they make, so a request reads its caller without looking claims up. Built once per key when the
/// keys are loaded and shared by that key's requests: nothing in the gateway or in ASP.NET Core changes
/// a principal once authenticated (the framework builds a new one when it merges), and nothing may.
/// </summary>
public sealed class CallerPrincipal(ApiCaller caller, string authenticationType) : ClaimsPrincipal(caller.ToIdentity(authenticationType))
{
    /// <summary>The open service's caller (no keys and no tenants configured).</summary>
    public static CallerPrincipal Anonymous { get; } = new(ApiCaller.Anonymous, ChatsAuthentication.ApiKeyScheme);

    public ApiCaller Caller => caller;
}
