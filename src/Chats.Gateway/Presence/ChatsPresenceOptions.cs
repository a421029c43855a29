namespace Chats.Gateway.Presence;

/// <summary>Presence: who is online. Bound from <c>Chats:Presence</c>.</summary>
public sealed class ChatsPresenceOptions
{
    public const string Section = "Chats:Presence";

    /// <summary>Whether connections keep their users online and may watch others' presence.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tenants without presence (its cost is a lease renewal per connection every 15 s and a frame per change to each watcher).</summary>
    public List<string> DisabledTenants { get; set; } = [];

    /// <summary>Whether a caller of <paramref name="tenant"/> has presence.</summary>
    public bool IsOn(string tenant) => Enabled && !DisabledTenants.Contains(tenant, StringComparer.Ordinal);
}
