using System.Collections.Concurrent;
using Chats.MessageLog;
using Chats.MessageLog.TableStorage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Chats.Tests.MessageLog;

/// <summary>
/// Wraps the real table store to count appends per chat and to make chosen appends fail. State is
/// static because silo configurators are created from their type and cannot be handed an instance.
/// </summary>
internal sealed class InstrumentedMessageLogStore(IMessageLogStore inner) : IMessageLogStore
{
    private static readonly ConcurrentDictionary<string, int> Appends = new();
    private static readonly ConcurrentDictionary<string, FailurePlan> Failures = new();

    /// <summary>How storage transactions for <paramref name="chatId"/> ran (stored or not).</summary>
    public static int AppendCount(string chatId) => Appends.GetValueOrDefault(chatId);

    /// <summary>Makes the <paramref name="appendNumber"/>th append of the chat fail, after committing it when <paramref name="afterCommit"/>.</summary>
    public static void FailAppend(string chatId, int appendNumber, bool afterCommit) => Failures[chatId] = new FailurePlan(appendNumber, afterCommit);

    public async Task<CommitResult> CommitAsync(string chatId, string? headerEtag, LogHeader header, IReadOnlyList<LogWrite> writes)
    {
        var number = Appends.AddOrUpdate(chatId, 1, (_, count) => count + 1);
        var failure = Failures.TryGetValue(chatId, out var plan) && plan.AppendNumber == number ? plan : null;
        if (failure is { AfterCommit: false })
        {
            throw new ChatStorageUnavailableException($"Injected failure before append {number} of chat {chatId}.");
        }

        var result = await inner.CommitAsync(chatId, headerEtag, header, writes);
        return failure is null ? result : throw new ChatStorageUnavailableException($"Injected failure after append {number} of chat {chatId} committed.");
    }

    public Task<LogSnapshot> LoadAsync(string chatId, int tailSize) => inner.LoadAsync(chatId, tailSize);

    public Task<IReadOnlyList<StoredMessage>> ReadPageAsync(string chatId, LogHeader header, StoredMessage? olderThan, int limit) => inner.ReadPageAsync(chatId, header, olderThan, limit);

    public Task<StoredMessage?> FindNewestSentBeforeAsync(string chatId, LogHeader header, DateTimeOffset before, long maxSeq) => inner.FindNewestSentBeforeAsync(chatId, header, before, maxSeq);

    public Task<StoredMessage?> FindMessageAsync(string chatId, string messageId, LogHeader header, MessageIdKinds kinds) => inner.FindMessageAsync(chatId, messageId, header, kinds);

    public Task<IReadOnlyList<ChatEvent>> ReadEventsAsync(string chatId, LogHeader header, long afterSeq, long lastSeq) => inner.ReadEventsAsync(chatId, header, afterSeq, lastSeq);

    private sealed record class FailurePlan(int AppendNumber, bool AfterCommit);

    /// <summary>Puts the instrumented store in front of the table store on every silo.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.AddSingleton<IMessageLogStore>(services => new InstrumentedMessageLogStore(services.GetRequiredService<TableMessageLogStore>()));
    }
}
