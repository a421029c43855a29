using System.Text.Json.Serialization;

namespace Chats.Gateway.BeforeSend;

/// <summary>The hook's request body: <c>{"type": "message.before_send", "timestamp", "data": {"chat_id", "edit", "message"}}</c>.</summary>
public sealed record class BeforeSendRequestBody(string Type, UtcTimestamp Timestamp, BeforeSendData Data);

/// <summary>The message as the caller sent it; <c>edit</c>: an UpdateMessage of message <c>message.id</c>.</summary>
public sealed record class BeforeSendData(string ChatId, bool Edit, BeforeSendMessage Message);

public sealed record class BeforeSendMessage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    string AuthorId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplyToId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata);

/// <summary>SetBeforeSendHook and GetBeforeSendHook: the hook (absent: none); <c>secret</c> only in SetBeforeSendHook's reply.</summary>
public sealed record class BeforeSendHookResponse([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BeforeSendHookDto? BeforeSendHook);

public sealed record class BeforeSendHookDto(
    string Url,
    int BudgetMs,
    bool FailClosed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret)
{
    public static BeforeSendHookDto? From(BeforeSendHook? hook, bool withSecret) =>
        hook is null ? null : new(hook.Url, (int)hook.Budget.TotalMilliseconds, hook.FailClosed, withSecret ? hook.Secret : null);
}
