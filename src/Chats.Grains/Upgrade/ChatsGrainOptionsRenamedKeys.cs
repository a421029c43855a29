using Chats.Hosting;

namespace Chats.Upgrade;

/// <summary>
/// Settings written for earlier releases: <c>Chats:Grains:UserIndexWriteDelay</c> is now
/// <c>ChatListWriteDelay</c> and applies when the new one is left at its default. Delete once no
/// deployment's settings use the old name.
/// </summary>
internal sealed class ChatsGrainOptionsRenamedKeys : IPostConfigureOptions<ChatsGrainOptions>
{
    public void PostConfigure(string? name, ChatsGrainOptions options)
    {
        if (options.UserIndexWriteDelay is { } delay && options.ChatListWriteDelay == ChatsGrainOptions.DefaultChatListWriteDelay)
        {
            options.ChatListWriteDelay = delay;
        }
    }
}
