using System.Net;
using Chats.Gateway.Apis;
using Chats.Gateway.Authentication;
using Chats.Gateway.Extensions;
using Chats.Gateway.UserTokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Chats.Tests.Apis.HttpApi;

namespace Chats.Tests.Apis;

/// <summary>
/// Authentication belongs to the endpoints: every route MapChatsApi maps (a route added there later
/// included, by the group's conventions) requires the API policy, and the fallback answers an API path
/// on a wrong method only to an authenticated caller.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiRouteKeyCheckTests(ClusterFixture fixture)
{
    [Fact]
    public void EveryApiRouteRequiresTheApiPolicyAndNoOtherRouteDoes()
    {
        var endpoints = fixture.KeyedGateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var api = endpoints.Where(endpoint => endpoint.Metadata.GetMetadata<ChatsApiEndpoint>() is not null).ToList();
        var others = endpoints.Except(api).ToList();

        Assert.Equal(66, api.Count);
        Assert.All(api, endpoint => Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), data => data.Policy == ChatsAuthentication.ApiPolicy));
        Assert.NotEmpty(others);
        Assert.All(others, endpoint => Assert.Empty(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>()));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(KeyedGateway.AlphaKey, HttpStatusCode.MethodNotAllowed)]
    public async Task AWrongMethodOnAnApiPathNeedsACredentialBeforeItIsRefused(string? key, HttpStatusCode expected)
    {
        var http = KeyedGateway.ClientWithKey(fixture.KeyedGateway, key);

        using var response = await http.PutAsync("/v1/chats/CreateChat", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal((int)expected, (await ReadJsonAsync(response)).GetProperty("code").GetInt32());
    }
}
