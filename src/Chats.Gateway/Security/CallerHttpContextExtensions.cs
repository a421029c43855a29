namespace Chats.Gateway.Security;

/// <summary>The authenticated caller of a request, set by <see cref="ApiKeyMiddleware"/>.</summary>
public static class CallerHttpContextExtensions
{
    private static readonly object CallerKey = new();

    public static ApiCaller GetCaller(this HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) && caller is ApiCaller known ? known : ApiCaller.Anonymous;

    internal static void SetCaller(this HttpContext context, ApiCaller caller) => context.Items[CallerKey] = caller;
}
