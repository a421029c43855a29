using Chats.Storage;

namespace Orleans.Hosting;

/// <summary>
/// Registers <see cref="TableGrainStorage"/> on a silo. Its options mirror Orleans'
/// AzureTableStorageOptions, so swapping to the official provider is one registration line.
/// </summary>
public static class TableGrainStorageSiloBuilderExtensions
{
    /// <summary>Registers table grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddTableGrainStorage(this ISiloBuilder builder, string name, Action<TableGrainStorageOptions> configureOptions)
    {
        builder.Services.AddTableGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Registers table grain storage under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddTableGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<TableGrainStorageOptions>>? configureOptions = null)
    {
        builder.Services.AddTableGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Registers table grain storage as the default grain storage.</summary>
    public static ISiloBuilder AddTableGrainStorageAsDefault(this ISiloBuilder builder, Action<TableGrainStorageOptions> configureOptions)
    {
        builder.Services.AddTableGrainStorageAsDefault(configureOptions);
        return builder;
    }
}
