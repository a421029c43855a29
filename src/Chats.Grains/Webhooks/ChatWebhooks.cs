namespace Chats.Webhooks;

/// <summary>
/// A chat activation's side of webhooks: before a commit, while the tenant has endpoints, it makes
/// sure the chat's deliveries are armed (a durable reminder, so a crash after the commit loses no
/// delivery); after it, it hands the stored events to them. Armed once a minute at most.
/// </summary>
internal sealed class ChatWebhooks(string chatKey, WebhookDirectory directory, IGrainFactory grains, TimeProvider time)
{
    /// <summary>How long a chat trusts an arming; its deliveries stay armed longer (<c>IdleBeforeDisarm</c>).</summary>
    public static readonly TimeSpan ArmedFor = TimeSpan.FromMinutes(1);

    private readonly string _tenant = TenantKeys.TenantOf(chatKey);
    private DateTimeOffset _armedUntil;
    private bool _everArmed;

    private IChatWebhooksGrain? _deliveries;

    // Kept: GetGrain reads the interface's attributes on every call.
    private IChatWebhooksGrain Deliveries => _deliveries ??= grains.GetGrain<IChatWebhooksGrain>(chatKey);

    public async Task BeforeCommitAsync(long lastSeq)
    {
        var now = time.GetUtcNow();
        if (now < _armedUntil || (await directory.GetAsync(_tenant)).Targets.Count == 0)
        {
            return;
        }

        await Deliveries.ArmAsync(lastSeq);
        _armedUntil = now + ArmedFor;
        _everArmed = true;
    }

    public void Stored(IReadOnlyList<ChatEvent> events, IReadOnlyList<string> memberIds)
    {
        if (_everArmed)
        {
            Deliveries.NotifyAsync(events, memberIds).Ignore();
        }
    }
}
