namespace Chats.Gateway.BeforeSend;

/// <summary>What the before-send hook said of a message: store it as sent, store it rewritten, refuse it, or (failing closed) the hook could not say.</summary>
public sealed record class BeforeSendVerdict(BeforeSendAction Action, string? Reason = null, string? Text = null, IReadOnlyDictionary<string, string>? Metadata = null)
{
    public static BeforeSendVerdict Accept { get; } = new(BeforeSendAction.Accept);
}

public enum BeforeSendAction
{
    Accept,
    Rewrite,
    Reject,
    Unavailable,
}
