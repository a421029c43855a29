using Microsoft.AspNetCore.Http.HttpResults;

namespace Chats.Gateway.BeforeSend;

/// <summary>SetBeforeSendHook and GetBeforeSendHook (server keys only), and the one check CreateMessage and UpdateMessage make with the hook.</summary>
public static class BeforeSendApi
{
    public static async Task<Results<JsonReply<BeforeSendHookResponse>, MicroError>> SetBeforeSendHookAsync(
        SetBeforeSendHookRequest request, ApiCaller caller, IClusterClient cluster, BeforeSendHooks hooks)
    {
        var result = await cluster.GetGrain<IWebhooksGrain>(IWebhooksGrain.GrainKeyOf(caller.Tenant))
            .SetBeforeSendHookAsync(new BeforeSendHookDraft(request.Url, TimeSpan.FromMilliseconds(request.BudgetMs), request.FailClosed));
        hooks.Forget(caller.Tenant);
        return result.Outcome == WebhookOutcome.Done
            ? JsonReply.Ok(new BeforeSendHookResponse(BeforeSendHookDto.From(result.Hook, withSecret: true)))
            : MicroError.Create("URL_REFUSED", StatusCodes.Status400BadRequest, result.Reason!);
    }

    public static async Task<JsonReply<BeforeSendHookResponse>> GetBeforeSendHookAsync(GetBeforeSendHookRequest request, ApiCaller caller, IClusterClient cluster) =>
        JsonReply.Ok(new BeforeSendHookResponse(BeforeSendHookDto.From(
            await cluster.GetGrain<IWebhooksGrain>(IWebhooksGrain.GrainKeyOf(caller.Tenant)).GetBeforeSendHookAsync(), withSecret: false)));

    /// <summary>The hook's verdict as the reply to give instead of storing, or null to store the message (rewritten or not).</summary>
    internal static MicroError? RefusalOf(BeforeSendVerdict verdict) => verdict.Action switch
    {
        BeforeSendAction.Reject => MicroError.MessageRejected(verdict.Reason!),
        BeforeSendAction.Unavailable => MicroError.BeforeSendUnavailable(verdict.Reason!),
        _ => null,
    };
}

/// <summary>SetBeforeSendHook: <c>{"url", "budget_ms"?, "fail_closed"?}</c>; an empty url removes the hook; budget 100 to 10,000 ms (default 1,500).</summary>
public sealed record class SetBeforeSendHookRequest(string? Url, [property: OptionalInApi] int BudgetMs, [property: OptionalInApi] bool FailClosed)
    : IApiRequest<SetBeforeSendHookRequest>
{
    public const int DefaultBudgetMs = 1500;

    public static SetBeforeSendHookRequest Read(RequestFields fields)
    {
        var url = fields.String(nameof(Url)) is { Length: > 0 } given ? given : null;
        var budget = fields.Int32Value(nameof(BudgetMs)) ?? DefaultBudgetMs;
        return budget is < 100 or > 10_000
            ? throw new MicroErrorException(MicroError.BadRequest("budget_ms: 100 to 10000"))
            : new SetBeforeSendHookRequest(url, budget, fields.Boolean(nameof(FailClosed)) ?? false);
    }
}

/// <summary>GetBeforeSendHook: <c>{}</c>.</summary>
public sealed record class GetBeforeSendHookRequest : IApiRequest<GetBeforeSendHookRequest>
{
    public static GetBeforeSendHookRequest Read(RequestFields fields) => new();
}
