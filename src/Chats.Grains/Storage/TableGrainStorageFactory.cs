using Microsoft.Extensions.DependencyInjection;

namespace Chats.Storage;

/// <summary>Creates the <see cref="TableGrainStorage"/> registered under a name, with that name's options.</summary>
public static class TableGrainStorageFactory
{
    public static TableGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<TableGrainStorageOptions>>().Get(name);
        return ActivatorUtilities.CreateInstance<TableGrainStorage>(services, name, options);
    }
}
