namespace Chats.Attachments;

/// <summary>A tenant's attachment storage use (keyed by <see cref="KeyOf"/>): files attached and not deleted, and their bytes.</summary>
[Alias("chats.IAttachmentUsageGrain")]
public interface IAttachmentUsageGrain : IGrainWithStringKey
{
    /// <summary>A file attached (+1, +bytes) or deleted (-1, -bytes); one-way, so a lost call (a crash) leaves the count off by it.</summary>
    [Alias("AddAsync"), Orleans.Concurrency.OneWay]
    Task AddAsync(int files, long bytes);

    [Alias("GetAsync")]
    Task<(long Files, long Bytes)> GetAsync();

    public static string KeyOf(string tenant) => TenantKeys.Scope(tenant, "attachment-usage");
}
