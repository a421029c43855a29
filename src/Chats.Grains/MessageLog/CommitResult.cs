namespace Chats.MessageLog;

/// <summary>How a commit ended: stored, refused as stale, too large for one transaction, or refused because one client id was already used (by the change at <see cref="DuplicateIndex"/>).</summary>
internal sealed record class CommitResult(CommitStatus Status, string? HeaderEtag = null, int DuplicateIndex = -1)
{
    public static CommitResult Stale { get; } = new(CommitStatus.Stale);

    public static CommitResult TooLarge { get; } = new(CommitStatus.TooLarge);

    public static CommitResult Stored(string headerEtag) => new(CommitStatus.Stored, headerEtag);

    public static CommitResult Duplicate(int index) => new(CommitStatus.DuplicateClientId, DuplicateIndex: index);
}
