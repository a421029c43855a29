using Chats.Upgrade;
using Chats.Hosting;
using Microsoft.Extensions.Configuration;

namespace Chats.Tests.Hosting;

/// <summary>A setting renamed since an earlier release is still read under its old name, and the new name wins.</summary>
public sealed class ChatsGrainOptionsTests
{
    [Theory]
    [InlineData(null, null, 30)]
    [InlineData("00:00:07", null, 7)]
    [InlineData(null, "00:00:05", 5)]
    [InlineData("00:00:07", "00:00:05", 5)]
    public void ChatListWriteDelayIsReadFromItsNameOrElseFromTheOldOne(string? oldKey, string? newKey, int expectedSeconds)
    {
        var settings = new Dictionary<string, string?>();
        if (oldKey is not null)
        {
            settings["Chats:Grains:UserIndexWriteDelay"] = oldKey;
        }

        if (newKey is not null)
        {
            settings["Chats:Grains:ChatListWriteDelay"] = newKey;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new ChatsGrainOptions();
        configuration.GetSection("Chats:Grains").Bind(options);

        new ChatsGrainOptionsRenamedKeys().PostConfigure(null, options);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.ChatListWriteDelay);
    }
}
