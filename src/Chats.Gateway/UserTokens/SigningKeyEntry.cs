namespace Chats.Gateway.UserTokens;

/// <summary>One signing secret of a tenant: the <c>kid</c> tokens name, and the secret (base64, at least 32 bytes).</summary>
public sealed class SigningKeyEntry
{
    public string Id { get; set; } = "";

    public string Secret { get; set; } = "";
}
