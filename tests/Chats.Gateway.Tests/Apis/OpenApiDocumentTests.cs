using Chats.Gateway.Apis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Chats.Tests.Apis;

/// <summary>The gateway's OpenAPI document parses without errors, passes the OpenAPI rule set, and lists every route.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OpenApiDocumentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheDocumentValidatesAndDescribesEveryRoute()
    {
        using var http = fixture.Gateway.CreateClient();
        await using var json = await http.GetStreamAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var read = await OpenApiDocument.LoadAsync(json, "json", new OpenApiReaderSettings(), TestContext.Current.CancellationToken);
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);

        // The same table the key check and the 404/405 fallback read: the endpoints marked as API routes.
        var routes = fixture.Gateway.Services.GetRequiredService<ChatsApiRoutes>().Paths;
        Assert.Equal(66, routes.Count);
        Assert.Equal(routes.Order(StringComparer.Ordinal), document.Paths.Keys.Order(StringComparer.Ordinal));

        // Either credential: a server key, or a user token (a JWT).
        Assert.Equal(["apiKey", "userToken"], document.Components!.SecuritySchemes!.Keys.Order());
        Assert.All(document.Components.SecuritySchemes.Values, scheme => Assert.Equal(("bearer", SecuritySchemeType.Http), (scheme.Scheme, scheme.Type)));
        Assert.Equal("JWT", document.Components.SecuritySchemes["userToken"].BearerFormat);
        Assert.Equal(2, document.Security!.Count);

        // What a generated client must and may send, and the types it gets.
        IOpenApiSchema Body(string method) => document.Paths[$"/v1/chats/{method}"].Operations![HttpMethod.Post].RequestBody!.Content!["application/json"].Schema!;
        Assert.Equal(["chat_id"], Body("CreateMessage").Required!.Order());
        Assert.Contains("attachments", Body("CreateMessage").Properties!.Keys);
        Assert.Equal(["chat_id", "content_type", "file_name", "size"], Body("CreateUpload").Required!.Order());
        Assert.Contains("attachments", document.Components.Schemas!["MessageDto"].Properties!.Keys);
        Assert.Equal(["chat_id"], Body("ListMessages").Required!.Order());
        Assert.Empty(Body("ListChats").Required ?? new HashSet<string>());
        Assert.Equal(["user_id"], Body("CreateUserToken").Required!.Order());
        Assert.Equal(["chat_id", "id"], Body("UpdateMessage").Required!.Order());
        Assert.Equal(["chat_id", "id"], Body("DeleteMessage").Required!.Order());
        Assert.Equal(["chat_id", "message_id", "type"], Body("AddReaction").Required!.Order());
        Assert.Equal(["chat_id", "sent_at"], Body("MarkRead").Required!.Order());
        Assert.Equal(["chat_id"], Body("ListEvents").Required!.Order());
        Assert.Equal(["url"], Body("CreateWebhook").Required!.Order());
        Assert.Equal(["webhook_id"], Body("UpdateWebhook").Required!.Order());
        Assert.Contains("unread_count", document.Components.Schemas!["UserChatDto"].Properties!.Keys);
        Assert.Contains("seq", document.Components.Schemas!["EventDto"].Properties!.Keys);
        var sentAt = document.Components.Schemas!["MessageDto"].Properties!["sent_at"];
        Assert.Equal((JsonSchemaType.String, "date-time"), (sentAt.Type!.Value, sentAt.Format));
        var limit = Body("ListMessages").Properties!["limit"];
        Assert.Equal(JsonSchemaType.Integer, limit.Type!.Value & ~JsonSchemaType.Null);

        foreach (var (path, item) in document.Paths)
        {
            var isStream = path.EndsWith("/Stream", StringComparison.Ordinal);
            var isConnect = path.EndsWith("/Connect", StringComparison.Ordinal);
            var isAttachment = path.EndsWith("/Attachment", StringComparison.Ordinal);
            var operation = Assert.Single(item.Operations!);
            Assert.Equal(isStream || isConnect || isAttachment ? HttpMethod.Get : HttpMethod.Post, operation.Key);
            Assert.Contains(isAttachment ? "302" : "200", operation.Value.Responses!.Keys);
            Assert.Contains("400", operation.Value.Responses.Keys);
            if (isStream)
            {
                Assert.Equal(["chat_id", "sent_after", "user_id", "events", "after_seq"], operation.Value.Parameters!.Select(p => p.Name));
            }
            else if (isConnect)
            {
                Assert.Equal(["user_id", "cursor", "watch"], operation.Value.Parameters!.Select(p => p.Name));
            }
            else if (isAttachment)
            {
                Assert.Equal(["chat_id", "id", "user_id"], operation.Value.Parameters!.Select(p => p.Name));
            }
            else
            {
                Assert.NotNull(operation.Value.RequestBody?.Content?["application/json"].Schema);
            }
        }
    }
}
