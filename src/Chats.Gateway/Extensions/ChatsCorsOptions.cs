namespace Chats.Gateway.Extensions;

/// <summary>Which browser origins may call the API. Bound from <c>Chats:Cors</c>.</summary>
public sealed class ChatsCorsOptions
{
    public const string Section = "Chats:Cors";

    /// <summary>Allowed origins, e.g. <c>https://app.example.com</c>; <c>*</c> allows any. Empty: any in Development, none otherwise.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
