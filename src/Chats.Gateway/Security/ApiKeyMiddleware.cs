using Chats.Gateway.Apis;
using Chats.Gateway.Errors;
using Chats.Gateway.Observability;

namespace Chats.Gateway.Security;

/// <summary>
/// When keys are configured, every API route needs <c>Authorization: Bearer &lt;key&gt;</c> (what the
/// m3o clients send). Browsers cannot set headers on EventSource or WebSocket, so Stream also takes
/// the key as <c>access_token</c> in the query. API routes are the endpoints marked
/// <see cref="ChatsApiEndpoint"/> (and their paths on other methods, see <see cref="ChatsApiRoutes"/>);
/// other paths (the page, OpenAPI, health, metrics) are not. The key itself is never logged.
/// </summary>
internal sealed partial class ApiKeyMiddleware(RequestDelegate next, ApiKeyRing keys, ChatsApiRoutes routes, ILogger<ApiKeyMiddleware> logger)
{
    public const string AccessTokenParameter = "access_token";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ChatsApiEndpoint>() is null && !routes.Contains(context.Request.Path))
        {
            return next(context);
        }

        if (!keys.Enabled)
        {
            context.SetCaller(ApiCaller.Anonymous);
            return next(context);
        }

        var presented = PresentedKey(context.Request);
        if (presented is not null && keys.Find(presented) is { } caller)
        {
            context.SetCaller(caller);
            return next(context);
        }

        LogInformationRefused(context.Request.Path, presented is null ? "no key" : "an unknown key");
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return MicroError.Unauthorized.ExecuteAsync(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            return header[7..].Trim();
        }

        return HttpMethods.IsGet(request.Method) && request.Query[AccessTokenParameter] is [{ Length: > 0 } token] ? token : null;
    }

    [LoggerMessage(EventId = (int)LogEvents.RequestRefused, Level = LogLevel.Information, Message = "Refused a request to {Path}: {Reason}")]
    private partial void LogInformationRefused(string path, string reason);
}
