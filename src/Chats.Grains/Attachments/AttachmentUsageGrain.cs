using Chats.Diagnostics;
using Chats.Hosting;

namespace Chats.Attachments;

/// <summary>
/// A tenant's attachment storage use, kept durably; while active (it stays active once used) its silo
/// reports it as the gauges <c>chats_attachments_stored_files</c> and <c>chats_attachments_stored_bytes</c>.
/// </summary>
internal sealed class AttachmentUsageGrain(
    [PersistentState("attachment-usage", GrainStorageNames.Chats)] IPersistentState<AttachmentUsageState> state) : Grain, IAttachmentUsageGrain
{
    private string Tenant => TenantKeys.TenantOf(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A tenant's use is one series of the silo's metrics: kept until the silo stops.
        DelayDeactivation(TimeSpan.FromDays(3650));
        AttachmentMetrics.Report(Tenant, state.State);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        AttachmentMetrics.Forget(Tenant);
        return Task.CompletedTask;
    }

    public async Task AddAsync(int files, long bytes)
    {
        state.State.Files = Math.Max(0, state.State.Files + files);
        state.State.Bytes = Math.Max(0, state.State.Bytes + bytes);
        await state.WriteStateAsync();
        AttachmentMetrics.Report(Tenant, state.State);
    }

    public Task<(long Files, long Bytes)> GetAsync() => Task.FromResult((state.State.Files, state.State.Bytes));
}

/// <summary>A tenant's attached files and their bytes.</summary>
[GenerateSerializer, Alias("chats.attachment-usage-state")]
public sealed class AttachmentUsageState
{
    [Id(0)] public long Files { get; set; }

    [Id(1)] public long Bytes { get; set; }
}
