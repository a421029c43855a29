using Chats.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Chats.Tests.Hosting;

/// <summary>Message accounts as configured: named connection strings, refused at start when a name or string is unusable.</summary>
public sealed class ChatsStorageOptionsTests
{
    [Fact]
    public void NamedAccountsBindFromTheSectionAndPassValidation()
    {
        var options = Bind(new() { ["Chats:Storage:MessageAccounts:logs2"] = "UseDevelopmentStorage=true", ["Chats:Storage:MessageAccounts:logs3"] = "UseDevelopmentStorage=true" });

        Assert.Equal(["logs2", "logs3"], options.MessageAccounts.Keys.Order());
        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("default", "UseDevelopmentStorage=true", "not 'default'")]
    [InlineData("logs2", "", "has no connection string")]
    public void AnAccountNamedLikeTheFirstOrWithoutAConnectionStringIsRefused(string name, string connectionString, string reason)
    {
        var options = Bind(new() { [$"Chats:Storage:MessageAccounts:{name}"] = connectionString });

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage);
    }

    private static ChatsStorageOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new ChatsStorageOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ChatsStorageOptions.Section).Bind(options);
        return options;
    }

    // The validation AddChats registers (ValidateDataAnnotations, run at start).
    private static ValidateOptionsResult Validate(ChatsStorageOptions options) =>
        new DataAnnotationValidateOptions<ChatsStorageOptions>(null).Validate(null, options);
}
