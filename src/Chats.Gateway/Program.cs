var builder = WebApplication.CreateBuilder(args);
builder.AddChatsGateway();

var app = builder.Build();
app.UseChatsGateway();
app.MapChatsApi();
app.MapFallbackToMicroNotFound();

app.Run();
