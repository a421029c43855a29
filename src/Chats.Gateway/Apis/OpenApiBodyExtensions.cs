using Microsoft.OpenApi;

namespace Chats.Gateway.Apis;

/// <summary>
/// Documents a JSON request body that the handler binds itself (BindAsync). Unlike <c>Accepts&lt;T&gt;</c>
/// it adds no content-type constraint to routing, so a body sent without a JSON content type (curl's
/// default) still reaches the handler, as the m3o API allows.
/// </summary>
internal static class OpenApiBodyExtensions
{
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), cancellationToken: cancellationToken);
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}
