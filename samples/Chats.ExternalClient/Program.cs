// An Orleans client of the Chats cluster: creates a chat, posts to it (one post twice, with the
// same id), and prints the chat's history; then makes a group and adds a member to it as its owner. Settings (command line or environment):
//   --GatewayPort 30000 --ServiceId chats --ClusterId chats
using Chats;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var gatewayPort = builder.Configuration.GetValue("GatewayPort", 30000);
var serviceId = builder.Configuration.GetValue("ServiceId", "chats")!;
var clusterId = builder.Configuration.GetValue("ClusterId", "chats")!;
builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId, clusterId));

using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();

var chat = await grains.CreateChatAsync(["sample-alice", "sample-bob", $"sample-{Guid.NewGuid():N}"]);
Console.WriteLine($"chat {chat.Id} between {string.Join(", ", chat.UserIds)}");

var chatGrain = grains.GetChat(chat.Id);
var hello = await chatGrain.PostMessageAsync(new NewMessage("sample-hello", "sample-alice", "Hello from another Orleans service"));
var retried = await chatGrain.PostMessageAsync(new NewMessage("sample-hello", "sample-alice", "Hello from another Orleans service"));
var reply = await chatGrain.PostMessageAsync(new NewMessage(null, "sample-bob", "Hi! Same grains, no HTTP in between."));
Console.WriteLine($"posted {hello.Outcome}, retried {retried.Outcome}, replied {reply.Outcome}");

var page = await chatGrain.ListMessagesAsync(new MessagePageQuery(SentBefore: null, Limit: ChatLimits.DefaultPageSize));
foreach (var message in page.Messages)
{
    Console.WriteLine($"{message.SentAt:O} {message.AuthorId}: {message.Text}");
}

// A group: the owner adds someone; the change is an event in the group's sequence like a message.
var group = await grains.CreateGroupAsync("sample-alice", ["sample-bob"], name: "Sample group");
var added = await grains.GetChat(group.Id).AddMembersAsync(new MembershipChange("sample-alice", ["sample-carol"]));
var members = await grains.GetChat(group.Id).ListMembersAsync(new MemberPageQuery(After: null, Limit: 100));
Console.WriteLine($"group {group.Id} \"{group.Name}\": added {added.Outcome}; members {string.Join(", ", members.Members.Select(m => $"{m.UserId} ({ChatRoles.NameOf(m.Role)})"))}");

await host.StopAsync();
return page.Messages.Count == 2 && retried.Outcome == PostMessageOutcome.Duplicate && added.Outcome == ChangeOutcome.Changed ? 0 : 1;
