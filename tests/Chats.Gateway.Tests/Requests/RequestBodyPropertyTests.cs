using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Chats.Gateway.Apis;
using Chats.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Chats.Tests.Requests;

/// <summary>
/// FsCheck over request bodies: any JSON object — known fields with values of every type and awkward
/// content, unknown fields, nesting — sent to any POST route of the route table gets a valid result or
/// a micro-shaped 4xx. Never a 5xx, never another shape.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RequestBodyPropertyTests(ClusterFixture fixture)
{
    private static readonly string[] FieldNames =
    [
        "user_ids", "userIds", "chat_id", "chatId", "author_id", "text", "id", "limit", "sent_before", "before", "user_id", "value", "zzz",
        "message_id", "type", "sent_at", "after_seq", "afterSeq", "reply_to_id", "metadata", "expires_in", "issued_before", "events",
    ];

    private static readonly HttpStatusCode[] Allowed =
        [HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge];

    [Fact]
    public async Task AnyBodyOnAnyRouteGetsAValidResultOrAMicroShaped4xx()
    {
        var http = fixture.Gateway.CreateClient();
        var chat = await Chats.Testing.TestData.NewChatAsync(fixture.Client, "alice", "bob");
        var body = ObjectOf(Strings(chat), depth: 2);
        var routes = PostRoutes();
        var cases = Gen.Elements(routes).SelectMany(route => body.Select(json => (Route: route, Body: json)));
        Assert.Contains("UpdateMessage", routes);

        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            var (status, reply) = SendAsync(http, testCase.Route, testCase.Body.ToJsonString()).GetAwaiter().GetResult();
            return Allowed.Contains(status) && IsValidReply(testCase.Route, status, reply);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    // Every POST route of the API, by method name, as the route table has them (Stream, Connect and Attachment are GETs).
    private string[] PostRoutes() => [.. fixture.Gateway.Services.GetRequiredService<ChatsApiRoutes>().Paths
        .Where(path => path.StartsWith("/v1/chats/", StringComparison.Ordinal) && !path.EndsWith("/Stream", StringComparison.Ordinal) && !path.EndsWith("/Connect", StringComparison.Ordinal)
            && !path.EndsWith("/Attachment", StringComparison.Ordinal))
        .Select(path => path["/v1/chats/".Length..])
        .Order(StringComparer.Ordinal)];

    private static Gen<string> Strings(Chat chat) => Gen.OneOf(
        Gen.Elements(
            "", "alice", "bob", chat.Id, chat.UserIds[0], Guid.NewGuid().ToString(), "a\u0000b", "tab\tand\nline", "\u0007bell",
            "\ud83d\ude00 emoji", "\ud800", "2026-11-24T08:40:12.1234567Z", "2026-11-24T08:40:12.123456789Z", "yesterday",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "12", "-5", new string('x', 300), new string('y', 5000)),
        ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? ""));

    private static Gen<JsonNode?> Scalars(Gen<string> strings) => Gen.OneOf(
        strings.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Elements<JsonNode?>(null, JsonValue.Create(true), JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(25),
            JsonValue.Create(int.MaxValue), JsonValue.Create(long.MaxValue), JsonValue.Create(1e300), JsonValue.Create(1.5)));

    private static Gen<JsonNode?> Values(Gen<string> strings, int depth) => depth <= 0
        ? Scalars(strings)
        : Gen.OneOf(
            Scalars(strings),
            Scalars(strings),
            Gen.ArrayOf(Values(strings, depth - 1)).Select(items => (JsonNode?)new JsonArray([.. items.Take(20).Select(item => item?.DeepClone())])),
            ObjectOf(strings, depth - 1).Select(node => (JsonNode?)node));

    private static Gen<JsonObject> ObjectOf(Gen<string> strings, int depth) =>
        Gen.ArrayOf(Gen.Elements(FieldNames).SelectMany(name => Values(strings, depth).Select(value => (name, value))))
            .Select(fields =>
            {
                var node = new JsonObject();
                foreach (var (name, value) in fields.Take(8))
                {
                    node[name] = value?.DeepClone();
                }

                return node;
            });

    private static async Task<(HttpStatusCode, JsonElement)> SendAsync(HttpClient http, string route, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/v1/chats/{route}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    // A valid result has the route's reply shape; anything else is the micro error shape with code = status.
    internal static bool IsValidReply(string route, HttpStatusCode status, JsonElement reply)
    {
        if (status != HttpStatusCode.OK)
        {
            return reply.ValueKind == JsonValueKind.Object
                && reply.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 }
                && reply.TryGetProperty("code", out var code) && code.GetInt32() == (int)status
                && reply.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String
                && reply.TryGetProperty("status", out var phrase) && phrase.ValueKind == JsonValueKind.String;
        }

        return route switch
        {
            "CreateChat" => reply.TryGetProperty("chat", out var chat) && chat.TryGetProperty("id", out _) && chat.TryGetProperty("user_ids", out _),
            "CreateMessage" => reply.TryGetProperty("message", out var message) && message.TryGetProperty("sent_at", out _),
            "ListMessages" => reply.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array,
            "ListChats" => reply.TryGetProperty("chats", out var chats) && chats.ValueKind == JsonValueKind.Array,
            _ => reply.ValueKind == JsonValueKind.Object,
        };
    }
}
