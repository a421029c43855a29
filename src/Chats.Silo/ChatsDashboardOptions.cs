namespace Chats.Silo;

/// <summary>The silo's operator-facing extras. Bound from <c>Chats:Dashboard</c>.</summary>
public sealed class ChatsDashboardOptions
{
    public const string Section = "Chats:Dashboard";

    /// <summary>Serves the Orleans Dashboard at <c>/dashboard</c> on the silo's HTTP port. Off by default: it has no authentication.</summary>
    public bool Enabled { get; set; }
}
