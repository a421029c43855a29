using Chats.Gateway.Apis;
using Chats.Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chats.Tests.Security;

/// <summary>
/// The key check follows the endpoints, not a list of paths: any route carrying <see cref="ChatsApiEndpoint"/>
/// (as every route mapped by MapChatsApi does) needs a key, on any method; other routes do not.
/// </summary>
public sealed class ApiRouteKeyCheckTests
{
    private static readonly RouteEndpoint NewApiRoute = Endpoint("/v1/chats/SomeRouteAddedLater", ChatsApiEndpoint.Instance);
    private static readonly RouteEndpoint OtherRoute = Endpoint("/status");

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task ARouteMarkedAsApiNeedsAKeyWhateverItsPathAndMethod(string method)
    {
        var context = Request(method, "/v1/chats/SomeRouteAddedLater", NewApiRoute);

        var reachedHandler = await RunAsync(context);

        Assert.False(reachedHandler);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task AMarkedRouteWithAValidKeyReachesItsHandlerAsTheKeysCaller()
    {
        var context = Request("POST", "/v1/chats/SomeRouteAddedLater", NewApiRoute);
        context.Request.Headers.Authorization = $"Bearer {KeyedGateway.AlphaKey}";

        var reachedHandler = await RunAsync(context);

        Assert.True(reachedHandler);
        Assert.Equal("alpha", context.GetCaller().Tenant);
    }

    [Fact]
    public async Task AnUnmarkedRouteNeedsNoKey()
    {
        var context = Request("GET", "/status", OtherRoute);

        Assert.True(await RunAsync(context));
    }

    [Fact]
    public async Task AWrongMethodOnAMarkedPathNeedsAKeyBeforeItsMethodIsRefused()
    {
        // The 404/405 fallback answers these; the key comes first, as for the route itself.
        var context = Request("PUT", "/v1/chats/SomeRouteAddedLater", endpoint: null);

        Assert.False(await RunAsync(context));
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    private static async Task<bool> RunAsync(HttpContext context)
    {
        var reached = false;
        var keys = new ApiKeyRing(Options.Create(new ApiKeyOptions
        {
            Keys = [new ApiKeyEntry { Sha256 = KeyedGateway.Sha256Hex(KeyedGateway.AlphaKey), Tenant = "alpha", Name = "alpha-app" }],
        }));
        var routes = new ChatsApiRoutes(new DefaultEndpointDataSource(NewApiRoute, OtherRoute));
        var middleware = new ApiKeyMiddleware(_ => { reached = true; return Task.CompletedTask; }, keys, routes, NullLogger<ApiKeyMiddleware>.Instance);

        await middleware.InvokeAsync(context);
        return reached;
    }

    private static DefaultHttpContext Request(string method, string path, Endpoint? endpoint)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(endpoint);
        return context;
    }

    private static RouteEndpoint Endpoint(string pattern, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(metadata), pattern);
}
