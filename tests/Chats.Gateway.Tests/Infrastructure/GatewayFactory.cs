using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Chats.Tests.Infrastructure;

/// <summary>
/// The real gateway (its Program), with its Orleans client pointed at a test cluster's silos, and
/// optionally settings of its own (read when options are first used, e.g. <c>Chats:Stream:…</c>).
/// </summary>
public sealed class GatewayFactory(TestCluster cluster, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>Serves the gateway on a real loopback port (for tests that need real sockets) and returns its address.</summary>
    public Uri StartOnKestrel()
    {
        // The URL setting, not UseKestrel(port): the gateway's appsettings name a URL of its own that would win.
        _kestrelUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        UseKestrel();
        StartServer();
        return new Uri(_kestrelUrl);
    }

    private string? _kestrelUrl;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (_kestrelUrl is not null)
        {
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, _kestrelUrl);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

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
