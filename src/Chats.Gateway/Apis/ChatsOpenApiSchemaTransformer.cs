using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chats.Gateway.Apis;

/// <summary>
/// Schemas that say what a client may send and will get, so generated clients (openapi-typescript,
/// Kiota) are usable: timestamps are strings in <c>date-time</c> format (the gateway writes them as
/// <see cref="Json.UtcTimestamp"/>), <c>limit</c>-like numbers are integers, and a request field is required only
/// when the API requires it (not when it is nullable, nor when marked <see cref="OptionalInApiAttribute"/>).
/// </summary>
internal sealed class ChatsOpenApiSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly NullabilityInfoContext Nullability = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null;
        if (type == typeof(DateTimeOffset) || type == typeof(UtcTimestamp))
        {
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
            schema.Pattern = null;
        }
        else if (type == typeof(int))
        {
            schema.Type = nullable ? JsonSchemaType.Integer | JsonSchemaType.Null : JsonSchemaType.Integer;
            schema.Format = "int32";
            schema.Pattern = null;
        }
        else if (schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider is PropertyInfo info
                    && (info.IsDefined(typeof(OptionalInApiAttribute)) || Nullability.Create(info).ReadState == NullabilityState.Nullable))
                {
                    required.Remove(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Marks a request field the API lets some callers leave out (a user token's own user id, for instance).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OptionalInApiAttribute : Attribute;
