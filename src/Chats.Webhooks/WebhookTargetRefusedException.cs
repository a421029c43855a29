namespace Chats.Webhooks;

/// <summary>A webhook's host resolved only to addresses <see cref="WebhookAddressPolicy"/> refuses.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
