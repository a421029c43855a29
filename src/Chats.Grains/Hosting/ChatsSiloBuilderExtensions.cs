using Chats;
using Chats.Hosting;
using Chats.MessageLog;
using Chats.UserChats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Hosting;

/// <summary>Adds the Chats grains and their Azure Table storage to a silo.</summary>
public static class ChatsSiloBuilderExtensions
{
    /// <summary>
    /// Adds the chat grains, the message log and the grain storage they use, configured from the
    /// <c>Chats:Storage</c> and <c>Chats:Grains</c> sections and then by <paramref name="configureStorage"/>.
    /// </summary>
    public static ISiloBuilder AddChats(this ISiloBuilder builder, Action<ChatsStorageOptions>? configureStorage = null)
    {
        var services = builder.Services;
        var storage = services.AddOptions<ChatsStorageOptions>().BindConfiguration("Chats:Storage");
        if (configureStorage is not null)
        {
            storage.Configure(configureStorage);
        }

        services.AddOptions<ChatGrainOptions>().BindConfiguration("Chats:Grains");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatsTableClients>();
        services.TryAddSingleton<TableMessageLogStore>();
        services.TryAddSingleton<IMessageLogStore>(sp => sp.GetRequiredService<TableMessageLogStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TableMessageLogStore>());
        services.TryAddSingleton<TableUserChatListStore>();
        services.TryAddSingleton<IUserChatListStore>(sp => sp.GetRequiredService<TableUserChatListStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TableUserChatListStore>());

        builder.AddTableGrainStorage(ChatsConstants.StorageName, (OptionsBuilder<Chats.Storage.TableGrainStorageOptions> options) =>
            options.Configure<ChatsTableClients, IOptions<ChatsStorageOptions>>((table, clients, chats) =>
            {
                table.TableServiceClient = clients.Service;
                table.TableName = chats.Value.GrainStateTableName;
            }));
        return builder;
    }
}
