using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chats.Gateway.Apis;

/// <summary>The document's title and description, and the bearer API key every route accepts.</summary>
internal sealed class ChatsOpenApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeName = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Chats";
        document.Info.Description = "The m3o chats API on a Microsoft Orleans cluster. Errors use the micro shape "
            + "{id, code, detail, status, request_id}. When the service has API keys, every route needs Authorization: Bearer <key> "
            + "(Stream also accepts ?access_token=<key>).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, when the service is configured with keys (Chats:Auth:Keys)",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
