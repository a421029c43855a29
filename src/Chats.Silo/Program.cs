using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Chats.Hosting;

var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetChatsClusterOptions();

builder.UseOrleans(silo => silo
    .UseChatsClustering(cluster)
    .AddChats());

// SIGTERM: stop taking new activations, let in-flight calls finish and hand grains over before exit.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.Services.GetRequiredService<ILogger<Program>>().LogInformation(
    "Chats silo starting: membership {Membership}, cluster {ClusterId}, silo port {SiloPort}, gateway port {GatewayPort}",
    cluster.Membership, cluster.ClusterId, cluster.SiloPort, cluster.GatewayPort);
await app.RunAsync();
