using Chats.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Orleans.Hosting;

/// <summary>Registers <see cref="TableGrainStorage"/>, the Azure Table grain storage of Chats.</summary>
public static class TableGrainStorageServiceCollectionExtensions
{
    /// <summary>Registers table grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddTableGrainStorage(this IServiceCollection services, string name, Action<TableGrainStorageOptions> configureOptions) =>
        services.AddTableGrainStorage(name, builder => builder.Configure(configureOptions));

    /// <summary>Registers table grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddTableGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<TableGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        configureOptions?.Invoke(services.AddOptions<TableGrainStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp =>
            new TableGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<TableGrainStorageOptions>>().Get(name), name));
        return services.AddGrainStorage(name, TableGrainStorageFactory.Create);
    }

    /// <summary>Registers table grain storage as the default grain storage.</summary>
    public static IServiceCollection AddTableGrainStorageAsDefault(this IServiceCollection services, Action<TableGrainStorageOptions> configureOptions) =>
        services.AddTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
