namespace Chats.MessageLog;

/// <summary>How an append ended: stored, refused as stale, or refused because one client id was already used.</summary>
public sealed record class AppendResult(AppendStatus Status, string? HeaderEtag = null, int DuplicateIndex = -1)
{
    public static AppendResult Stale { get; } = new(AppendStatus.Stale);

    public static AppendResult Stored(string headerEtag) => new(AppendStatus.Stored, headerEtag);

    public static AppendResult Duplicate(int index) => new(AppendStatus.DuplicateClientId, DuplicateIndex: index);
}
