using System.Collections.Frozen;

namespace Chats.Gateway.Apis;

/// <summary>
/// The paths of the chats API, read from the endpoints marked <see cref="ChatsApiEndpoint"/>: what the
/// key check covers (on any method: a wrong method gets its 405 only with a valid key) and what the
/// 404/405 fallback tells apart. Built on first use, once every endpoint is mapped.
/// </summary>
public sealed class ChatsApiRoutes(EndpointDataSource endpoints)
{
    private FrozenSet<string>? _paths;

    /// <summary>Every API path, as routed (letter case is ignored, as routing does).</summary>
    public IReadOnlySet<string> Paths => _paths ??= endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(endpoint => endpoint.Metadata.GetMetadata<ChatsApiEndpoint>() is not null)
        .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.Trim('/'))
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public bool Contains(PathString path) => path.Value is { } value && Paths.Contains(value.TrimEnd('/'));
}
