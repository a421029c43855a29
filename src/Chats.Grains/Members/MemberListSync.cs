using Chats.Concurrency;
using Chats.Diagnostics;

namespace Chats.Members;

/// <summary>
/// Keeps members' chat lists in step with a group's member changes, in two steps around the change:
/// before it, the lists of the users it may add or remove are marked durably (a new row, or an
/// existing row flagged unsettled); after it, each is settled (listed with its view, or dropped). A
/// list reads an unsettled row's truth from the chat, so a crash between the steps leaves no ghost
/// chat and no missing one.
/// </summary>
internal sealed partial class MemberListSync(IGrainFactory grains, ILogger logger)
{
    /// <summary>Marks the lists of <paramref name="userIds"/> before a change; durable when it returns.</summary>
    public Task PrepareAsync(Chat chat, IEnumerable<string> userIds, bool joining) =>
        BoundedFanOut.RunAsync(userIds, userId => ListOf(chat, userId).PrepareMembershipAsync(chat, joining));

    /// <summary>
    /// Settles the lists of <paramref name="userIds"/> after a change that ended at <paramref name="seq"/>:
    /// a member's with their view (<paramref name="viewOf"/>), a non-member's by dropping the chat. Never
    /// fails: an unsettled row is checked with the chat when its list is next read.
    /// </summary>
    public async Task SettleAsync(Chat chat, IEnumerable<string> userIds, Func<string, ChatListEntry?> viewOf, long seq)
    {
        try
        {
            await BoundedFanOut.RunAsync(userIds, userId => ListOf(chat, userId).SettleMembershipAsync(chat, viewOf(userId), seq));
        }
        catch (Exception exception)
        {
            LogWarningNotSettled(exception, chat.Id);
        }
    }

    private IUserChatsGrain ListOf(Chat chat, string userId) => grains.GetGrain<IUserChatsGrain>(TenantKeys.ScopeLike(chat.Id, userId));

    [LoggerMessage(EventId = (int)LogEvents.MemberListsNotSettled, Level = LogLevel.Warning, Message = "Chat {ChatKey}: could not settle the chat lists of a member change; they are checked when read")]
    private partial void LogWarningNotSettled(Exception exception, string chatKey);
}
