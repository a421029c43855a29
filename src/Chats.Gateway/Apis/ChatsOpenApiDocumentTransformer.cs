using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chats.Gateway.Apis;

/// <summary>The document's title and description, and the two credentials every route accepts: a server key or a user token.</summary>
internal sealed class ChatsOpenApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeName = "apiKey";
    private const string UserTokenSchemeName = "userToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Chats";
        document.Info.Description = "The m3o chats API on a Microsoft Orleans cluster. Errors use the micro shape "
            + "{id, code, detail, status, request_id}. When the service has API keys or tenants, every route needs "
            + "Authorization: Bearer <server key or user token> (Stream and Connect also accept ?access_token=<…>). A user token acts only as its user.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, when the service is configured with keys (Chats:Auth:Keys)",
        };
        document.Components.SecuritySchemes[UserTokenSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A user token (CreateUserToken, or the tenant's OpenID Connect provider): the caller is that user",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(UserTokenSchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
