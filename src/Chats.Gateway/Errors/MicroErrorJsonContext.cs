using System.Text.Json.Serialization;

namespace Chats.Gateway.Errors;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MicroError))]
internal sealed partial class MicroErrorJsonContext : JsonSerializerContext;
