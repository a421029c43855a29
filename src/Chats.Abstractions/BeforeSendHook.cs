namespace Chats;

/// <summary>
/// A tenant's before-send hook: called by the gateway with each CreateMessage and UpdateMessage before
/// it is stored, signed with <see cref="Secret"/>; it may accept, reject or rewrite. On a timeout or an
/// error the message is accepted as sent, or refused when <see cref="FailClosed"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("chats.before-send-hook")]
public sealed record class BeforeSendHook(string Url, string Secret, TimeSpan Budget, bool FailClosed);

/// <summary>SetBeforeSendHook: a URL (null: remove the hook), the hook's time budget, and what a timeout or error means.</summary>
[GenerateSerializer, Immutable, Alias("chats.before-send-hook-draft")]
public sealed record class BeforeSendHookDraft(string? Url, TimeSpan Budget, bool FailClosed);

/// <summary>The hook as a change left it (null: none), or why it was refused (<see cref="Reason"/>).</summary>
[GenerateSerializer, Immutable, Alias("chats.before-send-hook-result")]
public sealed record class BeforeSendHookResult(WebhookOutcome Outcome, BeforeSendHook? Hook = null, string? Reason = null);
