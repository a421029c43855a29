using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Chats.Tests.Streaming;

namespace Chats.Tests.Connections;

/// <summary>A WebSocket Connect changes what it watches on the open connection, and a frame that is no watch list is refused without ending it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchWebSocketTests(ClusterFixture fixture)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AWatchFrameMovesPresenceToTheNewChatsMembersAndABadOneIsRefused()
    {
        var (alice, bob, carol) = (TestData.UserId("alice"), TestData.UserId("bob"), TestData.UserId("carol"));
        var withBob = await NewGroupAsync(alice, bob);
        var withCarol = await NewGroupAsync(alice, carol);
        var client = fixture.Gateway.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(fixture.Gateway.Server.BaseAddress, "v1/chats/Connect"), CancellationToken.None);
        await SendAsync(socket, new { user_id = alice, watch = new[] { withBob } });
        using var deadline = new CancellationTokenSource(ReadTimeout);

        var bobFirst = await NextAsync(socket, "user.presence", deadline.Token);
        await SendAsync(socket, new { watch = new[] { withCarol } });
        var carolFirst = await NextAsync(socket, "user.presence", deadline.Token);
        await SendAsync(socket, new { watch = "not a list" });
        var refused = await NextAsync(socket, "refused", deadline.Token);
        await using (await SseStream.OpenAsync(fixture.Gateway.CreateClient(), $"/v1/chats/Connect?user_id={bob}"))
        await using (await SseStream.OpenAsync(fixture.Gateway.CreateClient(), $"/v1/chats/Connect?user_id={carol}"))
        {
            var online = await NextAsync(socket, "user.presence", deadline.Token);

            Assert.Equal((bob, false), Presence(bobFirst));
            Assert.Equal((carol, false), Presence(carolFirst));
            Assert.StartsWith("BAD_REQUEST", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal((carol, true), Presence(online));
        }
    }

    private async Task<string> NewGroupAsync(params string[] users)
    {
        using var reply = await fixture.Gateway.CreateClient().PostAsJsonAsync("/v1/chats/CreateChat", new { user_ids = users, distinct = false });
        return (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chat").GetProperty("id").GetString()!;
    }

    private static Task SendAsync(WebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    // The next frame of this type; frames of other types (ready, chat frames) are passed over.
    private static async Task<JsonElement> NextAsync(WebSocket socket, string type, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);

            var frame = JsonDocument.Parse(text.ToString()).RootElement.Clone();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }

    private static (string UserId, bool Online) Presence(JsonElement frame) =>
        (frame.GetProperty("presence").GetProperty("user_id").GetString()!, frame.GetProperty("presence").GetProperty("online").GetBoolean());
}
