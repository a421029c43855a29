using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Orleans.TestingHost;

namespace Chats.Tests.Infrastructure;

/// <summary>The real gateway (its Program), with its Orleans client pointed at a test cluster's first silo.</summary>
public sealed class GatewayFactory(InProcessTestCluster cluster) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Chats:Cluster:GatewayPort", cluster.Silos[0].GatewayAddress.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Chats:Cluster:ServiceId", cluster.Options.ServiceId);
        builder.UseSetting("Chats:Cluster:ClusterId", cluster.Options.ClusterId);
    }
}
