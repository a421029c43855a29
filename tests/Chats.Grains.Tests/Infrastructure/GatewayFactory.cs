using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Chats.Tests.Infrastructure;

/// <summary>The real gateway (its Program), with its Orleans client pointed at a test cluster's silos.</summary>
public sealed class GatewayFactory(TestCluster cluster) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");

        // Program reads its cluster settings while building, before settings given here apply, so the
        // client's options are overridden after registration instead.
        builder.ConfigureTestServices(services =>
        {
            services.PostConfigure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.Options.ClusterId;
                options.ServiceId = cluster.Options.ServiceId;
            });
            services.PostConfigure<StaticGatewayListProviderOptions>(options => options.Gateways =
                [.. cluster.Silos.Select(silo => new IPEndPoint(IPAddress.Loopback, silo.GatewayAddress.Endpoint.Port).ToGatewayUri())]);
        });
    }
}
