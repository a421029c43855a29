using Chats.Hosting;
using Microsoft.Extensions.Configuration;

namespace Chats.Upgrade;

/// <summary>
/// Reads the <see cref="ChatsGrainOptions"/> settings that earlier releases named differently, when
/// only the old name is set: <c>Chats:Grains:UserIndexWriteDelay</c> is now <c>ChatListWriteDelay</c>.
/// Runs after the section is bound.
/// </summary>
internal sealed class ChatsGrainOptionsRenamedKeys(IConfiguration configuration) : IConfigureOptions<ChatsGrainOptions>
{
    public void Configure(ChatsGrainOptions options)
    {
        if (configuration["Chats:Grains:ChatListWriteDelay"] is null && configuration.GetValue<TimeSpan?>("Chats:Grains:UserIndexWriteDelay") is { } delay)
        {
            options.ChatListWriteDelay = delay;
        }
    }
}
