using Chats.Gateway.Apis;
using Chats.Gateway.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatsGateway();

var app = builder.Build();
app.UseChatsGateway();
app.MapChatsApi();
app.MapFallbackToMicroNotFound();

app.Run();
