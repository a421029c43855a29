using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Chats.Hosting;

namespace Chats.Tests.Storage;

/// <summary>
/// The grain storage the chat grains use (Orleans' Azure Table provider, as <c>AddChats</c> configures
/// it: our table client, the Orleans serializer) through <see cref="IGrainStorage"/>, against Azurite:
/// the cases Orleans runs for its own providers, plus the keys and sizes its suites leave out.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStateStorageTests(ClusterFixture fixture)
{
    private const string StateName = "state";

    [Fact]
    public async Task ReadOfMissingRecordGivesDefaultStateAndNoETag()
    {
        var storage = Storage;

        var state = await ReadAsync(storage, NewGrainId());

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(string.Empty, state.State!.Text);
    }

    [Fact]
    public async Task WriteThenReadRoundTripsCyrillicAndEmojiWithTheSameETag()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var written = NewState("Привет, мир 👋🏽", 42);

        await storage.WriteStateAsync(StateName, grainId, written);
        var read = await ReadAsync(storage, grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("Привет, мир 👋🏽", read.State!.Text);
        Assert.Equal(42, read.State!.Number);
    }

    [Fact]
    public async Task SecondWriterWithNullETagIsRejectedAndStoredStateIsUnchanged()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var first = NewState("first", 1);
        await storage.WriteStateAsync(StateName, grainId, first);

        var second = NewState("second", 2);
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));

        var read = await ReadAsync(storage, grainId);
        Assert.Equal("first", read.State!.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task WriterWithStaleETagIsRejectedAndStoredStateIsUnchanged()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var writer = NewState("v1", 1);
        await storage.WriteStateAsync(StateName, grainId, writer);
        var stale = NewState("stale", 99, writer.ETag);
        writer.State!.Text = "v2";
        await storage.WriteStateAsync(StateName, grainId, writer);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(storage, grainId);
        Assert.Equal("v2", read.State!.Text);
        Assert.Equal(writer.ETag, read.ETag);
    }

    [Fact]
    public async Task EveryWriteChangesTheETagEvenWithTheSameValues()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var state = NewState("same", 7);
        var etags = new List<string?>();

        for (var i = 0; i < 5; i++)
        {
            await storage.WriteStateAsync(StateName, grainId, state);
            etags.Add(state.ETag);
        }

        Assert.Equal(5, etags.Distinct().Count());
    }

    [Fact]
    public async Task ClearThenReadThenWriteAgainWorks()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var state = NewState("before clear", 1);
        await storage.WriteStateAsync(StateName, grainId, state);
        var etagBeforeClear = state.ETag;

        await storage.ClearStateAsync(StateName, grainId, state);
        var afterClear = await ReadAsync(storage, grainId);
        var existedAfterClear = afterClear.RecordExists;
        var textAfterClear = afterClear.State!.Text;
        afterClear.State!.Text = "after clear";
        await storage.WriteStateAsync(StateName, grainId, afterClear);
        var reread = await ReadAsync(storage, grainId);

        Assert.False(state.RecordExists);
        Assert.NotEqual(etagBeforeClear, state.ETag);
        Assert.False(existedAfterClear);
        Assert.Equal(string.Empty, textAfterClear);
        Assert.True(reread.RecordExists);
        Assert.Equal("after clear", reread.State!.Text);
    }

    [Fact]
    public async Task ClearingTwiceAndClearingBeforeAnyWriteSucceed()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var state = NewState("x", 1);

        await storage.ClearStateAsync(StateName, grainId, state);
        await storage.ClearStateAsync(StateName, grainId, state);
        var read = await ReadAsync(storage, grainId);

        Assert.False(state.RecordExists);
        Assert.False(read.RecordExists);
        Assert.NotNull(read.State);
    }

    [Fact]
    public async Task ClearWithStaleETagFailsAndKeepsTheData()
    {
        var storage = Storage;
        var grainId = NewGrainId();
        var writer = NewState("v1", 1);
        await storage.WriteStateAsync(StateName, grainId, writer);
        var stale = NewState("v1", 1, writer.ETag);
        writer.State!.Text = "v2";
        await storage.WriteStateAsync(StateName, grainId, writer);

        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));

        var read = await ReadAsync(storage, grainId);
        Assert.True(read.RecordExists);
        Assert.Equal("v2", read.State!.Text);
    }

    [Fact]
    public async Task ParallelWritesToFiftyGrainsEachChangeTheETag()
    {
        var storage = Storage;
        var grains = Enumerable.Range(0, 50).Select(_ => (Id: NewGrainId(), State: NewState("0", 0))).ToList();
        foreach (var (id, state) in grains)
        {
            await storage.WriteStateAsync(StateName, id, state);
        }

        // Ten writes per grain, the grains in parallel; each grain's writes in order, as one activation would.
        var etagChanges = await Task.WhenAll(grains.Select(async grain =>
        {
            var changes = 0;
            for (var i = 1; i <= 10; i++)
            {
                var before = grain.State.ETag;
                grain.State.State!.Number = i;
                await storage.WriteStateAsync(StateName, grain.Id, grain.State);
                changes += before != grain.State.ETag ? 1 : 0;
            }

            return changes;
        }));
        var reads = await Task.WhenAll(grains.Select(grain => ReadAsync(storage, grain.Id)));

        Assert.All(etagChanges, changes => Assert.Equal(10, changes));
        Assert.All(reads, read => Assert.Equal(10, read.State!.Number));
    }

    [Fact]
    public async Task TwoStateNamesOnOneGrainAreIndependentRecords()
    {
        var storage = Storage;
        var grainId = NewGrainId();

        await storage.WriteStateAsync("first", grainId, NewState("one", 1));
        await storage.WriteStateAsync("second", grainId, NewState("two", 2));
        var second = new GrainState<TestState>();
        await storage.ReadStateAsync("second", grainId, second);
        await storage.ClearStateAsync("second", grainId, second);
        var first = new GrainState<TestState>();
        await storage.ReadStateAsync("first", grainId, first);

        Assert.True(first.RecordExists);
        Assert.Equal("one", first.State!.Text);
    }

    [Theory]
    [InlineData(100 * 1024)]
    [InlineData(700 * 1024)]
    public async Task LargeStateCanBeInsertedAndThenUpdated(int characters)
    {
        // 700 KiB is about the most Azurite takes in an update (it counts the base64 JSON body); Azure takes 960 KiB.
        var storage = Storage;
        var grainId = NewGrainId();
        var state = NewState(new string('a', characters), 1);

        await storage.WriteStateAsync(StateName, grainId, state);
        state.State!.Text = new string('b', characters);
        await storage.WriteStateAsync(StateName, grainId, state);
        var read = await ReadAsync(storage, grainId);

        Assert.Equal(characters, read.State!.Text.Length);
        Assert.All(read.State!.Text, c => Assert.Equal('b', c));
    }

    [Fact]
    public async Task StateOverTheProviderLimitIsRefusedBeforeAnyWrite()
    {
        var storage = Storage;
        var grainId = NewGrainId();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => storage.WriteStateAsync(StateName, grainId, NewState(new string('x', 961 * 1024), 1)));

        Assert.False((await ReadAsync(storage, grainId)).RecordExists);
    }

    [Fact]
    public async Task RawKeysThatDifferOnlyInReservedCharactersShareOneRowInTheProvider()
    {
        // Why every grain key goes through StorageKeys: the provider alone maps "a/b" and "a_b" to one row.
        var storage = Storage;
        var prefix = Guid.NewGuid().ToString("N");
        await storage.WriteStateAsync(StateName, GrainId.Create("test", prefix + "a/b"), NewState("slash", 1));

        var read = await ReadAsync(storage, GrainId.Create("test", prefix + "a_b"));

        Assert.True(read.RecordExists);
        Assert.Equal("slash", read.State!.Text);
    }

    [Fact]
    public async Task AwkwardKeysThroughStorageKeysAreDistinctRows()
    {
        var storage = Storage;
        var prefix = Guid.NewGuid().ToString("N");
        var keys = StorageKeysTests.AwkwardKeys
            .Select(key => StorageKeys.Encode(prefix + key))
            .Where(key => key.Length <= StorageKeys.MaxStateKeyLength)
            .ToList();

        for (var i = 0; i < keys.Count; i++)
        {
            await storage.WriteStateAsync(StateName, GrainId.Create("test", keys[i]), NewState("key " + i, i));
        }

        Assert.True(keys.Count >= 18, $"{keys.Count} keys");
        for (var i = 0; i < keys.Count; i++)
        {
            var read = await ReadAsync(storage, GrainId.Create("test", keys[i]));
            Assert.Equal(i, read.State!.Number);
            Assert.Equal("key " + i, read.State!.Text);
        }
    }

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Chats);

    private static GrainId NewGrainId() => GrainId.Create("test", Guid.NewGuid().ToString("N"));

    private static GrainState<TestState> NewState(string text, int number, string? etag = null) =>
        new(new TestState { Text = text, Number = number }, etag);

    private static async Task<GrainState<TestState>> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<TestState>();
        await storage.ReadStateAsync(StateName, grainId, state);
        return state;
    }
}
