using System.Security.Cryptography;
using System.Text;
using Chats.Hosting;
using Chats.MessageLog.TableStorage;

namespace Chats.MessageLog;

/// <summary>
/// The storage accounts message logs live in: the first (<see cref="ChatsStorageOptions.FirstAccount"/>,
/// whose store is the registered <see cref="IMessageLogStore"/>) and each of
/// <see cref="ChatsStorageOptions.MessageAccounts"/>. A new chat's account is chosen from its key and
/// recorded in the chat's state; a chat with none recorded (every chat from before accounts) is in the first.
/// </summary>
internal sealed class MessageLogAccounts : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly IMessageLogStore _first;
    private readonly Dictionary<string, TableMessageLogStore> _others = new(StringComparer.Ordinal);
    private readonly string[] _names;

    public MessageLogAccounts(IMessageLogStore first, ChatsTableClients clients, IOptions<ChatsStorageOptions> options, ILogger<TableMessageLogStore> logger)
    {
        _first = first;
        foreach (var (name, connectionString) in options.Value.MessageAccounts)
        {
            _others[name] = new TableMessageLogStore(clients.ForAccount(connectionString), name, options.Value.MessagesTableName, logger);
        }

        _names = [ChatsStorageOptions.FirstAccount, .. _others.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The store of <paramref name="account"/> (null: the first account); unavailable (503) when it is not configured.</summary>
    public IMessageLogStore For(string? account) =>
        account is null || account == ChatsStorageOptions.FirstAccount ? _first
        : _others.TryGetValue(account, out var store) ? store
        : throw new ChatStorageUnavailableException(
            $"A chat's log is in storage account '{account}', which Chats:Storage:MessageAccounts does not name: an account that holds chats cannot be removed.");

    /// <summary>The account a new chat's log goes to, spread evenly by its key (null: the first account).</summary>
    public string? Choose(string chatKey)
    {
        if (_names.Length == 1)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(chatKey));
        var name = _names[BitConverter.ToUInt32(hash, 0) % (uint)_names.Length];
        return name == ChatsStorageOptions.FirstAccount ? null : name;
    }

    // Each account's table is created before the silo takes calls, as the first account's is.
    public void Participate(ISiloLifecycle lifecycle)
    {
        foreach (var store in _others.Values)
        {
            store.Participate(lifecycle);
        }
    }
}
