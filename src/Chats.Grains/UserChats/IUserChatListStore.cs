namespace Chats.UserChats;

/// <summary>Where users' chat lists live: one row per (user, chat), so a list has no size limit of its own.</summary>
internal interface IUserChatListStore
{
    /// <summary>Every chat of the user's list, in no particular order.</summary>
    Task<IReadOnlyList<UserChatRow>> LoadAsync(string userKey);

    /// <summary>Writes these rows of the user's list (inserted or replaced); durable when it returns.</summary>
    Task SaveAsync(string userKey, IReadOnlyCollection<UserChatRow> rows);

    /// <summary>Deletes these chats' rows of the user's list (absent ones are no error); durable when it returns.</summary>
    Task DeleteAsync(string userKey, IReadOnlyCollection<string> chatKeys);
}
