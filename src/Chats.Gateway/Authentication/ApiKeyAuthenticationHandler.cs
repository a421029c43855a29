using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Chats.Gateway.Authentication;

/// <summary>
/// Server keys: <c>Authorization: Bearer &lt;key&gt;</c> (or <c>access_token</c> on Stream), checked by
/// hash in constant time (<see cref="ApiKeyRing"/>). With no keys and no tenants configured the
/// service is open and every caller is <see cref="ApiCaller.Anonymous"/>. A refusal is a micro-shaped
/// 401; the key itself is never logged. The default scheme: a credential shaped like a JWT is forwarded
/// to a user-token scheme (<see cref="AuthenticationSchemeOptions.ForwardDefaultSelector"/>).
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    ApiKeyRing keys,
    ChatsAccessMode access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (access.IsOpen)
        {
            return Task.FromResult(Success(CallerPrincipal.Anonymous));
        }

        var presented = PresentedCredential.Of(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Find(presented) is { } caller ? Success(caller) : AuthenticateResult.Fail("an unknown key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        LogInformationRefused(Logger, Request.Path, PresentedCredential.Of(Request) is null ? "no key" : "an unknown key");
        Response.Headers.WWWAuthenticate = "Bearer";
        return MicroError.Unauthorized.ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => MicroError.ServerKeyRequired.ExecuteAsync(Context);

    private AuthenticateResult Success(CallerPrincipal caller) => AuthenticateResult.Success(new AuthenticationTicket(caller, Scheme.Name));

    [LoggerMessage(EventId = (int)LogEvents.RequestRefused, Level = LogLevel.Information, Message = "Refused a request to {Path}: {Reason}")]
    private static partial void LogInformationRefused(ILogger logger, string path, string reason);
}
