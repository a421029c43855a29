using System.ComponentModel.DataAnnotations;

namespace Chats.Gateway.Authentication;

/// <summary>
/// API keys, bound from <c>Chats:Auth</c>. Keys are configured by their SHA-256 hash, never in clear.
/// With no keys the API is open (and the gateway warns at start).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Chats:Auth";

    public List<ApiKeyEntry> Keys { get; set; } = [];
}

/// <summary>One API key: the hex SHA-256 of its UTF-8 bytes, its tenant, and a name for logs and metrics.</summary>
public sealed class ApiKeyEntry
{
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Sha256 must be 64 hexadecimal digits (sha256sum of the key).")]
    public string Sha256 { get; set; } = "";

    /// <summary>The tenant whose chats this key reaches; empty: the default tenant (the data of an open service).</summary>
    [RegularExpression("^([a-z0-9][a-z0-9._-]{0,62})?$", ErrorMessage = "Tenant must be lowercase letters, digits, '.', '_' or '-' (up to 63), or empty.")]
    public string Tenant { get; set; } = "";

    /// <summary>A name for this key in logs, metrics and rate limits (never the key itself).</summary>
    [RegularExpression("^[A-Za-z0-9._-]{0,64}$", ErrorMessage = "Name must be letters, digits, '.', '_' or '-' (up to 64).")]
    public string Name { get; set; } = "";
}
