namespace Chats.Gateway.UserTokens;

/// <summary>How one tenant trusts user tokens: its own signing secrets (HS256), an OpenID Connect provider, or both.</summary>
public sealed class TenantTokenOptions
{
    /// <summary>Secrets that sign this tenant's tokens, chosen by a token's <c>kid</c>; the last one signs new tokens.</summary>
    public List<SigningKeyEntry> SigningKeys { get; set; } = [];

    /// <summary>The longest lifetime (<c>exp</c> − <c>iat</c>) a token may have.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An OpenID Connect provider whose tokens this tenant accepts (its discovery document names its keys).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the provider's tokens must name.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim of the provider's tokens that holds the user id.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>Whether the provider's metadata must come over HTTPS (only a loopback test provider turns this off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
