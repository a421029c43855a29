using Microsoft.Extensions.Caching.Memory;

namespace Chats.MessageLog.TableStorage;

/// <summary>
/// The newest block of each chat this silo committed to or loaded, with the header ETag it goes with,
/// so the next commit rewrites it without reading it first. A block is used only for a commit fenced
/// by that same ETag: if another writer changed the log since, its header has another ETag and the
/// commit reads the block from storage (and is refused as stale anyway).
/// </summary>
internal sealed class OpenBlockCache : IDisposable
{
    // A chat quiet for this long reads its block again on its next commit: one point read.
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>A copy of block <paramref name="number"/> of the chat as of <paramref name="headerEtag"/>, if held.</summary>
    public LogBlock? Get(string chatKey, string? headerEtag, long number) =>
        headerEtag is not null && _cache.TryGetValue(chatKey, out Entry? entry) && entry!.HeaderEtag == headerEtag && entry.Number == number
            ? LogBlock.Decode(number, entry.Bytes)
            : null;

    /// <summary>Holds <paramref name="block"/> as the chat's newest as of <paramref name="headerEtag"/>, encoded (the bytes it is stored as).</summary>
    public void Set(string chatKey, string headerEtag, LogBlock block) => Set(chatKey, headerEtag, block.Number, block.Encode());

    /// <summary>Holds block <paramref name="number"/>, as <see cref="LogBlock.Encode"/> wrote it, as the chat's newest as of <paramref name="headerEtag"/>.</summary>
    public void Set(string chatKey, string headerEtag, long number, byte[] encoded) =>
        _cache.Set(chatKey, new Entry(headerEtag, number, encoded), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Idle });

    public void Dispose() => _cache.Dispose();

    private sealed record class Entry(string HeaderEtag, long Number, byte[] Bytes);
}
