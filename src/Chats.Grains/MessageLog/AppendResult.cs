namespace Chats.MessageLog;

/// <summary>How a commit ended: stored, refused as stale, or refused because one client id was already used (by the change at <see cref="DuplicateIndex"/>).</summary>
internal sealed record class AppendResult(AppendStatus Status, string? HeaderEtag = null, int DuplicateIndex = -1)
{
    public static AppendResult Stale { get; } = new(AppendStatus.Stale);

    public static AppendResult Stored(string headerEtag) => new(AppendStatus.Stored, headerEtag);

    public static AppendResult Duplicate(int index) => new(AppendStatus.DuplicateClientId, DuplicateIndex: index);
}
