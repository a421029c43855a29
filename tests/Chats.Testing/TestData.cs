namespace Chats.Testing;

/// <summary>Fresh ids, so that no test sees another's data.</summary>
public static class TestData
{
    public static string UserId(string name) => $"{name}-{Guid.NewGuid():N}";

    public static async Task<Chat> NewChatAsync(IGrainFactory grains, params string[] names)
    {
        var users = (names.Length == 0 ? ["alice", "bob"] : names).Select(UserId).ToArray();
        return await grains.CreateChatAsync(users);
    }
}
