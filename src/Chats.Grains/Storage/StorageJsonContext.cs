using System.Text.Json.Serialization;

namespace Chats.Storage;

/// <summary>The JSON kept in table properties: message metadata, reaction counts, attachments, a chat list's newest message and members.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(UserChats.ListedMessage))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<MessageAttachment>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
