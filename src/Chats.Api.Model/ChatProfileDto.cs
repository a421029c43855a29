using System.Text.Json.Serialization;

namespace Chats.Api.Model;

/// <summary>A chat's name and metadata after a chat.updated (absent: none).</summary>
public sealed record class ChatProfileDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata);
