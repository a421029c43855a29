namespace Chats;

/// <summary>
/// Receives a user's chat-list changes as they happen (a gateway connection of that user). Calls arrive
/// one at a time, in version order.
/// </summary>
[Alias("chats.IChatListObserver")]
public interface IChatListObserver : IGrainObserver
{
    /// <summary>Changes of the list of <paramref name="userKey"/> in <paramref name="epoch"/>, oldest first.</summary>
    [Alias("OnListChangedAsync")]
    Task OnListChangedAsync(string userKey, Guid epoch, IReadOnlyList<ChatListChange> changes);
}
