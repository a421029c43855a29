using Chats;
using Chats.Attachments;
using Chats.Hosting;
using Chats.MessageLog;
using Chats.MessageLog.TableStorage;
using Chats.Storage;
using Chats.Upgrade;
using Chats.UserChats;
using Chats.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Reminders.AzureStorage;
using Orleans.Serialization;

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
        var storage = services.AddOptions<ChatsStorageOptions>().BindConfiguration(ChatsStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (configureStorage is not null)
        {
            storage.Configure(configureStorage);
        }

        services.AddOptions<ChatsGrainOptions>().BindConfiguration(ChatsGrainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<IPostConfigureOptions<ChatsGrainOptions>, ChatsGrainOptionsRenamedKeys>();
        services.AddOptions<ClusterOptions>().Validate(
            cluster => cluster.ServiceId.Length <= StorageKeys.MaxServiceIdLength && StorageKeys.Encode(cluster.ServiceId) == cluster.ServiceId,
            $"The service id must be at most {StorageKeys.MaxServiceIdLength} characters, none of them / \\ # ? % ~ or a control character: it is part of every grain-state key.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatsTableClients>();
        services.TryAddSingleton<TableMessageLogStore>();
        services.TryAddSingleton<IMessageLogStore>(sp => sp.GetRequiredService<TableMessageLogStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TableMessageLogStore>());
        services.TryAddSingleton<MessageLogAccounts>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MessageLogAccounts>());
        services.TryAddSingleton<TableUserChatListStore>();
        services.TryAddSingleton<IUserChatListStore>(sp => sp.GetRequiredService<TableUserChatListStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TableUserChatListStore>());

        // Grain state through Orleans' own provider, serialized with the Orleans serializer (binary,
        // version-tolerant through the [Id]s of the state classes) rather than its default JSON.
        builder.AddAzureTableGrainStorage(GrainStorageNames.Chats, (OptionsBuilder<AzureTableStorageOptions> options) =>
            options.Configure<ChatsTableClients, IOptions<ChatsStorageOptions>, Serializer>((table, clients, chats, serializer) =>
            {
                table.TableServiceClient = clients.Service;
                table.TableName = chats.Value.GrainStateTableName;
                table.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));

        // Webhooks: endpoints per tenant, deliveries per chat, armed by a reminder in the same account.
        services.AddOptions<ChatsWebhookOptions>().BindConfiguration(ChatsWebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookTargetOptions>().BindConfiguration(WebhookTargetOptions.Section);
        services.TryAddSingleton<WebhookAddressPolicy>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDirectory>();
        builder.UseAzureTableReminderService((OptionsBuilder<AzureTableReminderStorageOptions> options) =>
            options.Configure<ChatsTableClients, IOptions<ChatsStorageOptions>>((reminders, clients, chats) =>
            {
                reminders.TableServiceClient = clients.Service;
                reminders.TableName = chats.Value.RemindersTableName;
            }));
        // Attachments: files in Azure Blob storage, uploaded and read through SAS URLs the silo signs.
        services.AddOptions<ChatsAttachmentOptions>().BindConfiguration(ChatsAttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AttachmentBlobs>();
        services.TryAddSingleton<LegacyGrainStateMigration>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LegacyGrainStateMigration>());
        return builder;
    }
}
