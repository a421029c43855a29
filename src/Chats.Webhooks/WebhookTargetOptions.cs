namespace Chats.Webhooks;

/// <summary>Which targets webhooks and the before-send hook may reach. Bound from <c>Chats:Webhooks</c> by the silos and the gateway.</summary>
public sealed class WebhookTargetOptions
{
    public const string Section = "Chats:Webhooks";

    /// <summary>Allow <c>http://</c> URLs to hosts other than loopback (otherwise only <c>https://</c>).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow targets on loopback (127.0.0.0/8, ::1): local development and tests; turn off in production.</summary>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>Allow targets in private, link-local and shared address ranges (10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10, fc00::/7, fe80::/10).</summary>
    public bool AllowPrivateNetworks { get; set; }
}
