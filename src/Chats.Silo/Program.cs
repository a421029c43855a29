using Chats;
using Chats.Hosting;
using Chats.Silo;
using Orleans.Dashboard;
using Chats.Diagnostics;

// The silo is a web host only for operators: /metrics (Prometheus), /healthz, and the Orleans
// Dashboard at /dashboard when Chats:Dashboard:Enabled. It listens on Urls (default 127.0.0.1:9090).
var builder = WebApplication.CreateBuilder(args);
var cluster = builder.Configuration.GetChatsClusterOptions();
var dashboard = builder.Configuration.GetSection(ChatsDashboardOptions.Section).Get<ChatsDashboardOptions>() ?? new ChatsDashboardOptions();

builder.UseOrleans(silo =>
{
    silo.UseChatsClustering(cluster).AddChats();
    if (dashboard.Enabled)
    {
        silo.AddDashboard();
    }
});
builder.Services.AddChatsMetrics(ChatsMetrics.MeterName);
builder.Services.AddHealthChecks();

// SIGTERM: stop taking new activations, let in-flight calls finish and hand grains over before exit.
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));

var app = builder.Build();
app.MapChatsMetrics();
app.MapHealthChecks("/healthz");
if (dashboard.Enabled)
{
    app.MapOrleansDashboard("/dashboard");
}

app.Logger.LogInformation(
    "Chats silo starting: membership {Membership}, cluster {ClusterId}, silo port {SiloPort}, gateway port {GatewayPort}, dashboard {Dashboard}",
    cluster.Membership, cluster.ClusterId, cluster.SiloPort, cluster.GatewayPort, dashboard.Enabled ? "on at /dashboard" : "off");
await app.RunAsync();
