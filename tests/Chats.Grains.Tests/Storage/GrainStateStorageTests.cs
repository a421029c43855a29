using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Chats.Hosting;

namespace Chats.Tests.Storage;

/// <summary>
/// The grain storage the chat grains use (Orleans' Azure Table provider, as <c>AddChats</c> configures
/// it: our table client, the Orleans serializer) through <see cref="IGrainStorage"/>, against Azurite:
/// only what Chats relies on that Orleans' own suites leave out (the sizes of large chats, and keys).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStateStorageTests(ClusterFixture fixture)
{
    private const string StateName = "state";

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
