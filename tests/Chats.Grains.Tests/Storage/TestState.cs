namespace Chats.Tests.Storage;

[GenerateSerializer, Alias("chats.tests.test-state")]
public sealed class TestState
{
    [Id(0)]
    public string Text { get; set; } = string.Empty;

    [Id(1)]
    public int Number { get; set; }
}
