using Chats.Concurrency;
using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.Webhooks;

/// <summary>
/// Delivers one chat's events to its tenant's endpoints: per endpoint in seq order, one event at a
/// time, each until a 2xx (at least once: positions are written at most every
/// <see cref="ChatsWebhookOptions.PositionWriteInterval"/>, so a crash repeats a little, with the same
/// <c>webhook-id</c>). A failing endpoint waits out its retry schedule without holding up the others
/// or other chats. Armed by the chat before it commits (<see cref="ChatWebhooks"/>), it keeps a
/// reminder until every stored event is delivered, so a crash or restart resumes where it stood.
/// </summary>
internal sealed partial class ChatWebhooksGrain(
    [PersistentState("webhooks", GrainStorageNames.Chats)] IPersistentState<ChatWebhooksState> state,
    WebhookDirectory directory,
    WebhookSender sender,
    IOptions<ChatsWebhookOptions> options,
    TimeProvider time,
    ILogger<ChatWebhooksGrain> logger) : Grain, IChatWebhooksGrain, IRemindable
{
    private const string ReminderName = "webhooks";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    // Longer than ChatWebhooks.ArmedFor, so a chat's belief that it is armed ends before the reminder does.
    private static readonly TimeSpan IdleBeforeDisarm = TimeSpan.FromMinutes(2);

    private SingleFlight? _flight;
    private ChatEventWindow? _window;
    private WebhookBodies? _bodies;
    private bool _again;
    private bool _dirty;
    private bool _reminderRegistered;
    private long _backlog;
    private DateTimeOffset _lastArmedAt;
    private DateTimeOffset _lastWrite;

    private string ChatKey => this.GetPrimaryKeyString();

    private IChatGrain? _chat;
    private IWebhookRegistryGrain? _registry;

    // Kept: GetGrain reads the interface's attributes on every call.
    private IChatGrain Chat => _chat ??= GrainFactory.GetGrain<IChatGrain>(ChatKey);

    private ChatEventWindow Window => _window ??= new ChatEventWindow(() => Chat);

    private WebhookBodies Bodies => _bodies ??= new WebhookBodies(ChatKey, GrainFactory, () => Chat, time);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastArmedAt = time.GetUtcNow();
        Window.Saw(state.State.Cursors.Values.Select(cursor => cursor.DeliveredSeq).DefaultIfEmpty(state.State.BaseSeq).Max());
        // Each second: attempts that came due start, and moved positions are written once their interval is up.
        this.RegisterGrainTimer(OnTickAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public async Task ArmAsync(long lastSeq)
    {
        _lastArmedAt = time.GetUtcNow();
        Window.Saw(lastSeq);
        if (!state.State.Armed)
        {
            if (state.State.Cursors.Count == 0)
            {
                state.State.BaseSeq = lastSeq;
            }

            state.State.Armed = true;
            await WriteAsync();
        }

        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }
    }

    public Task NotifyAsync(IReadOnlyList<ChatEvent> events, IReadOnlyList<string> memberIds)
    {
        Window.Add(events);
        Bodies.MembersAre(memberIds);
        Kick();
        return Task.CompletedTask;
    }

    public Task RetryNowAsync(string webhookId)
    {
        if (state.State.Cursors.TryGetValue(webhookId, out var cursor))
        {
            cursor.NextAttemptAt = null;
            cursor.Attempts = 0;
        }

        Kick();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderRegistered = true;
        var head = await Chat.ListEventsAsync(new EventPageQuery(Window.LastSeq, 1));
        Window.Saw(head.LastSeq);
        Kick();
        var targets = await directory.GetAsync(TenantKeys.TenantOf(ChatKey));
        if (!head.ChatFound || (IsCaughtUp(targets) && time.GetUtcNow() - _lastArmedAt > IdleBeforeDisarm))
        {
            await DisarmAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        WebhookMetrics.AddBacklog(-_backlog);
        _backlog = 0;
        if (_dirty)
        {
            await WriteAsync();
        }
    }

    private void Kick()
    {
        _again = true;
        (_flight ??= new SingleFlight(DrainAsync)).Trigger();
    }

    private async Task DrainAsync()
    {
        while (_again)
        {
            _again = false;
            try
            {
                var targets = await directory.GetAsync(TenantKeys.TenantOf(ChatKey));
                ForgetDeleted(targets);
                await Task.WhenAll(targets.Targets.Where(target => target.Status != WebhookStatus.Disabled).Select(DeliverAsync));
                Trim(targets);
            }
            catch (Exception exception)
            {
                LogErrorDelivery(exception, ChatKey);
            }
        }
    }

    // Delivers to one endpoint from its cursor until it is caught up or an attempt fails.
    private async Task DeliverAsync(WebhookTarget target)
    {
        var cursor = CursorOf(target);
        while (cursor.DeliveredSeq < Window.LastSeq && (cursor.NextAttemptAt is not { } due || due <= time.GetUtcNow()))
        {
            if (await Window.AtAsync(cursor.DeliveredSeq + 1) is not { } chatEvent)
            {
                return;
            }

            if (!target.Wants(chatEvent))
            {
                cursor.DeliveredSeq = chatEvent.Seq;
                _dirty = true;
                continue;
            }

            var attempt = await sender.SendAsync(target, WebhookPayload.MessageIdOf(ChatKey, chatEvent.Seq), await Bodies.OfAsync(chatEvent));
            WebhookMetrics.RecordAttempt(target.Id, attempt.Outcome.ToString().ToLowerInvariant());
            _dirty = true;
            switch (attempt.Outcome)
            {
                case WebhookAttemptOutcome.Delivered:
                    WebhookMetrics.RecordLag(target.Id, time.GetUtcNow() - chatEvent.At);
                    if (cursor.Attempts > 0)
                    {
                        Registry.ReportRecoveredAsync(target.Id, ChatKey).Ignore();
                    }

                    cursor.DeliveredSeq = chatEvent.Seq;
                    cursor.Attempts = 0;
                    cursor.NextAttemptAt = null;
                    break;
                case WebhookAttemptOutcome.Gone:
                    Registry.ReportGoneAsync(target.Id, attempt.Error!).Ignore();
                    return;
                default:
                    Failed(target, cursor, chatEvent, attempt);
                    return;
            }
        }
    }

    private void Failed(WebhookTarget target, WebhookCursor cursor, ChatEvent chatEvent, WebhookAttempt attempt)
    {
        var now = time.GetUtcNow();
        var exhausted = cursor.Failed(options.Value.Schedule, options.Value.FailedRetryInterval, attempt.RetryAfter, now);
        Registry.ReportFailureAsync(new WebhookDelivery(target.Id, ChatKey, chatEvent.Seq, ChatEventTypes.NameOf(chatEvent.Type), cursor.Attempts,
            attempt.Error ?? "failed", now, cursor.NextAttemptAt, exhausted ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Retrying)).Ignore();
    }

    private IWebhookRegistryGrain Registry => _registry ??= GrainFactory.GetGrain<IWebhookRegistryGrain>(IWebhooksGrain.GrainKeyOf(TenantKeys.TenantOf(ChatKey)));

    private WebhookCursor CursorOf(WebhookTarget target)
    {
        var cursors = state.State.Cursors;
        if (!cursors.TryGetValue(target.Id, out var cursor))
        {
            // A new endpoint starts where the others stand (it takes only events after its creation).
            var start = cursors.Values.Select(other => other.DeliveredSeq).DefaultIfEmpty(state.State.BaseSeq).Min();
            cursors[target.Id] = cursor = new WebhookCursor { DeliveredSeq = start, RetryGeneration = target.RetryGeneration };
            _dirty = true;
        }

        if (target.RetryGeneration > cursor.RetryGeneration)
        {
            cursor.RetryGeneration = target.RetryGeneration;
            cursor.Attempts = 0;
            cursor.NextAttemptAt = null;
            _dirty = true;
        }

        return cursor;
    }

    // A deleted or disabled endpoint's position goes: enabled again, it hears only what follows.
    private void ForgetDeleted(WebhookTargets targets)
    {
        foreach (var id in state.State.Cursors.Keys.Where(id => !targets.Targets.Any(target => target.Id == id && target.Status != WebhookStatus.Disabled)).ToList())
        {
            state.State.Cursors.Remove(id);
            _dirty = true;
        }
    }

    // Drops the events every endpoint is past, and counts what is left in the backlog metric.
    private void Trim(WebhookTargets targets)
    {
        var active = targets.Targets.Where(target => target.Status != WebhookStatus.Disabled).Select(target => CursorOf(target).DeliveredSeq).ToList();
        var oldest = active.Count == 0 ? Window.LastSeq : active.Min();
        Window.DropThrough(oldest);
        var backlog = Window.LastSeq - oldest;
        WebhookMetrics.AddBacklog(backlog - _backlog);
        _backlog = backlog;
    }

    private bool IsCaughtUp(WebhookTargets targets) =>
        !_dirty && targets.Targets.Where(target => target.Status != WebhookStatus.Disabled)
            .All(target => state.State.Cursors.TryGetValue(target.Id, out var cursor) && cursor.DeliveredSeq >= Window.LastSeq);

    private async Task DisarmAsync()
    {
        state.State.Armed = false;
        state.State.BaseSeq = Window.LastSeq;
        state.State.Cursors.Clear();
        await WriteAsync();
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
        this.DeactivateOnIdle();
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_dirty && now - _lastWrite >= options.Value.PositionWriteInterval)
        {
            await WriteAsync();
        }

        if (state.State.Cursors.Values.Any(cursor => cursor.NextAttemptAt is { } due && due <= now && cursor.DeliveredSeq < Window.LastSeq))
        {
            Kick();
        }
    }

    private async Task WriteAsync()
    {
        _dirty = false;
        _lastWrite = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    [LoggerMessage(EventId = (int)LogEvents.WebhookDeliveryError, Level = LogLevel.Error, Message = "Webhook deliveries of chat {ChatKey} failed; they resume at the next event or tick")]
    private partial void LogErrorDelivery(Exception exception, string chatKey);
}
