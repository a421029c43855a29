using Chats.MemberSets;
using Chats.UserChats;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Chats.Upgrade;

/// <summary>
/// Reads grain state as the releases before Orleans' Azure Table provider stored it: Orleans' JSON
/// grain-storage format (Newtonsoft, with <c>$type</c> CLR names and <c>$id</c> references). The
/// CLR names stored then are mapped to today's types, so those types may move and be renamed.
/// Used only by <see cref="LegacyGrainStateMigration"/>, and deleted with it.
/// </summary>
internal static class LegacyStateJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.All,
        SerializationBinder = new StoredNamesBinder(),
        MissingMemberHandling = MissingMemberHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    public static T Deserialize<T>(byte[] json) =>
        JsonConvert.DeserializeObject<T>(System.Text.Encoding.UTF8.GetString(json), Settings)
        ?? throw new InvalidOperationException($"A stored {typeof(T).Name} is empty.");

    // Resolves the CLR names the old releases stored (also inside generic type names, such as a
    // dictionary's value type) to where those types live now; everything else as Newtonsoft does.
    private sealed class StoredNamesBinder : ISerializationBinder
    {
        private static readonly Dictionary<string, string> Moved = new(StringComparer.Ordinal)
        {
            ["Chats.ChatState"] = typeof(ChatState).FullName!,
            ["Chats.MemberSetState"] = typeof(MemberSetState).FullName!,
            ["Chats.UserChatsState"] = typeof(LegacyUserChatsState).FullName!,
            ["Chats.UserChatEntry"] = typeof(LegacyUserChatEntry).FullName!,
        };

        private readonly DefaultSerializationBinder _framework = new();

        public Type BindToType(string? assemblyName, string typeName) =>
            _framework.BindToType(assemblyName, Moved.Aggregate(typeName, (name, moved) =>
                Regex.Replace(name, $@"(?<![\w.]){Regex.Escape(moved.Key)}(?![\w.])", moved.Value)));

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            _framework.BindToName(serializedType, out assemblyName, out typeName);
    }
}
