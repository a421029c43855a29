namespace Chats.Gateway.Authentication;

/// <summary>
/// Where a request carries its credential: <c>Authorization: Bearer …</c>, or, on GET (Stream, since
/// browsers cannot set headers on EventSource and WebSocket), the <c>access_token</c> query parameter.
/// </summary>
public static class PresentedCredential
{
    public const string AccessTokenParameter = "access_token";

    public static string? Of(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7)
        {
            return header[7..].Trim();
        }

        return HttpMethods.IsGet(request.Method) && request.Query[AccessTokenParameter] is [{ Length: > 0 } token] ? token : null;
    }

    /// <summary>
    /// Whether a credential has the form of a JSON Web Token (three dot-separated parts); API keys have
    /// no dots. Only picks the scheme that validates it: nothing is trusted from its form.
    /// </summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;
}
